-- Neovim 0.11+: `vim.lsp.enable('cyclecloud')` starts the server for cyclecloud buffers.
-- Override any field with `vim.lsp.config('cyclecloud', { ... })`, e.g. an absolute `cmd`
-- or `settings = { cyclecloud = { cyclecloudVersion = '8.7.0' } }`.
return {
  cmd = { 'cyclecloud-lsp' },
  filetypes = { 'cyclecloud' },
  root_markers = { '.cyclecloud-lsp.toml', 'project.ini', '.git' },
  settings = { cyclecloud = vim.empty_dict() },
}
