---@brief
---
--- https://github.com/cyclecloud-lsp/cyclecloud-lsp
---
--- Language server and linter for Azure CycleCloud cluster templates (`templates/*.txt`):
--- diagnostics with fixes, completion, hover, navigation and formatting.
---
--- Install the `cyclecloud-lsp` binary with one of:
--- ```sh
--- pipx install cyclecloud-lsp     # or: pip install cyclecloud-lsp / uv tool install cyclecloud-lsp
--- cargo install cyclecloud-lsp
--- ```
--- or `:MasonInstall cyclecloud-lsp`, or a binary from the GitHub releases.
---
--- Neovim has no `cyclecloud` filetype of its own; the project's Neovim plugin
--- (`editors/neovim`) detects it, or add for example:
--- ```lua
--- vim.filetype.add({ pattern = { ['.*/templates/.*%.txt'] = 'cyclecloud' } })
--- ```
---
--- Settings (e.g. the target CycleCloud version) go under `settings.cyclecloud`:
--- ```lua
--- vim.lsp.config('cyclecloud', {
---   settings = { cyclecloud = { cyclecloudVersion = '8.7.0', rules = { CC0201 = 'off' } } },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'cyclecloud-lsp' },
  filetypes = { 'cyclecloud' },
  root_markers = { '.cyclecloud-lsp.toml', 'project.ini', '.git' },
  settings = { cyclecloud = vim.empty_dict() },
}
