-- Entry point for Neovim 0.7–0.10 (and later, if preferred over `vim.lsp.enable`):
-- `require('cyclecloud').setup({ ... })` starts cyclecloud-lsp for every cyclecloud buffer and
-- every buffer named `project.ini` (a CycleCloud project's file, filetype `dosini`).
local M = {}

-- Defaults; `setup(opts)` overrides any of them.
M.defaults = {
  -- The server command; an absolute path works when the binary is not on PATH.
  cmd = { 'cyclecloud-lsp' },
  -- Files whose folder (or an ancestor's) marks the project root.
  root_markers = { '.cyclecloud-lsp.toml', 'project.ini', '.git' },
  -- Sent as initializationOptions and answered to workspace/configuration,
  -- e.g. { cyclecloudVersion = '8.7.0', rules = { CC0201 = 'off' } }.
  settings = {},
  -- Extra fields for the client (on_attach, capabilities, handlers, ...).
  client = {},
}

M.config = vim.deepcopy(M.defaults)

-- The nearest ancestor folder of `path` holding a root marker, else the file's own folder.
function M.root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local here = dir
  while true do
    for _, marker in ipairs(markers) do
      local candidate = here .. '/' .. marker
      if vim.fn.filereadable(candidate) == 1 or vim.fn.isdirectory(candidate) == 1 then
        return here
      end
    end
    local parent = vim.fn.fnamemodify(here, ':h')
    if parent == here then
      return dir
    end
    here = parent
  end
end

local clients_by_root = {} -- 0.7 only: one client per root, reused across buffers.

-- The client configuration for a buffer, shared by both start paths.
local function client_config(bufnr)
  local settings = vim.tbl_isempty(M.config.settings) and vim.empty_dict() or M.config.settings
  return vim.tbl_extend('force', {
    name = 'cyclecloud',
    cmd = M.config.cmd,
    root_dir = M.root_dir(vim.api.nvim_buf_get_name(bufnr), M.config.root_markers),
    init_options = settings,
    settings = { cyclecloud = settings },
  }, M.config.client)
end

-- Starts (or reuses) the server for `bufnr` and returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = client_config(bufnr)
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root_dir.
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- True for the buffers the server serves: cyclecloud templates, and a file named exactly
-- `project.ini` (the server checks it and hovers its keys); other `.ini` files are not its.
function M.serves(bufnr)
  local filetype = vim.bo[bufnr].filetype
  if filetype == 'cyclecloud' then
    return true
  end
  return filetype == 'dosini' and vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t') == 'project.ini'
end

-- Applies `opts` and starts the server for the buffers it serves, open now or later.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup('cyclecloud_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = { 'cyclecloud', 'dosini' },
    callback = function(args)
      if M.serves(args.buf) then
        M.start(args.buf)
      end
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and M.serves(bufnr) then
      M.start(bufnr)
    end
  end
end

return M
