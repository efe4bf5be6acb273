-- Buffer settings for CycleCloud templates, and tree-sitter highlighting when the parser
-- (`parser/cyclecloud.so` on the runtimepath) has been built.
vim.bo.commentstring = '# %s'
vim.bo.comments = ':#'
require('cyclecloud.highlight').start(vim.api.nvim_get_current_buf())
require('cyclecloud.render').define_command(vim.api.nvim_get_current_buf())
