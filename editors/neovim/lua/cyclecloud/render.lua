-- `:CycleCloudRender [text|json]`: asks the server (workspace/executeCommand
-- `cyclecloud.render`) for the cluster the current template builds with parameter defaults,
-- and opens the answer in a scratch buffer beside it (text with origins by default, or the
-- JSON form of docs/render.md). Works on Neovim 0.7 and later.
local M = {}

-- Opens `lines` in a new vertical scratch buffer with `filetype`.
local function show(lines, filetype)
  vim.cmd('vnew')
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].buftype = 'nofile'
  vim.bo[bufnr].bufhidden = 'wipe'
  vim.bo[bufnr].swapfile = false
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].filetype = filetype
  return bufnr
end

-- Renders `bufnr` (0: the current buffer) in `format` ('text' or 'json').
function M.render(bufnr, format)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  format = (format == nil or format == '') and 'text' or format
  if format ~= 'text' and format ~= 'json' then
    vim.notify('CycleCloudRender: the format is text or json, not ' .. format, vim.log.levels.ERROR)
    return
  end
  local params = {
    command = 'cyclecloud.render',
    arguments = { { uri = vim.uri_from_bufnr(bufnr), format = format } },
  }
  vim.lsp.buf_request(bufnr, 'workspace/executeCommand', params, function(err, result)
    if err then
      vim.notify('CycleCloudRender: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    if result == nil then
      return
    end
    if format == 'json' then
      show({ vim.json.encode(result) }, 'json')
    else
      show(vim.split(result, '\n', { plain = true, trimempty = true }), 'cyclecloud-render')
    end
  end)
end

-- Defines `:CycleCloudRender` for `bufnr`.
function M.define_command(bufnr)
  vim.api.nvim_buf_create_user_command(bufnr, 'CycleCloudRender', function(opts)
    M.render(bufnr, opts.args)
  end, {
    nargs = '?',
    complete = function()
      return { 'text', 'json' }
    end,
    desc = 'Show the cluster this template builds (cyclecloud-lsp render)',
  })
end

return M
