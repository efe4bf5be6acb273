---@brief
---
--- https://github.com/cyclecloud-lsp/cyclecloud-lsp
---
--- Language server and linter for Azure CycleCloud cluster templates (`templates/*.txt`):
--- diagnostics with fixes, completion, hover, navigation and formatting. It also checks a
--- CycleCloud project's `project.ini` (CC0801–CC0803, hover on its `[project]` keys): it
--- attaches to `dosini` buffers named exactly `project.ini`, and to no other `.ini` file.
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

local root_markers = { '.cyclecloud-lsp.toml', 'project.ini', '.git' }

---@type vim.lsp.Config
return {
  cmd = { 'cyclecloud-lsp' },
  filetypes = { 'cyclecloud', 'dosini' },
  root_markers = root_markers,
  -- Starts the client (by calling `on_dir`) only for templates and `project.ini`, not for the
  -- other `dosini` buffers; the root is the nearest folder with a root marker, as without
  -- `root_dir` (a `root_markers` set with `vim.lsp.config` is used).
  root_dir = function(bufnr, on_dir)
    local name = vim.fs.basename(vim.api.nvim_buf_get_name(bufnr))
    if vim.bo[bufnr].filetype == 'cyclecloud' or name == 'project.ini' then
      local config = vim.lsp.config.cyclecloud
      on_dir(vim.fs.root(bufnr, config and config.root_markers or root_markers))
    end
  end,
  settings = { cyclecloud = vim.empty_dict() },
}
