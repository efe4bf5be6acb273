-- Sourced by Neovim's filetype detection (`:filetype on`) from every runtimepath entry.
require('cyclecloud.detect').register()
