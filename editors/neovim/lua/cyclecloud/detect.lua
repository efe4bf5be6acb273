-- Which files are CycleCloud templates. Templates are usually `templates/*.txt`, but `.txt` is
-- far too common to claim wholesale, so any other `.txt` must open with a top-level header.
local M = {}

-- Section kinds that can open a template file (case-insensitive, like the template parser).
local opening_kinds = { cluster = true, parameters = true, environment = true, noderef = true }

-- Lines read for the content check; a template's first header comes well before this.
M.lines_to_read = 200

-- True when the first line that is neither blank nor a `#` comment is a `[cluster …]`,
-- `[parameters …]`, `[environment …]` or `[noderef …]` header.
function M.is_template(lines)
  for _, line in ipairs(lines) do
    if not (line:match('^%s*$') or line:match('^%s*#')) then
      local kind = line:match('^%s*%[%s*(%a+)[%s%]]')
      return kind ~= nil and opening_kinds[kind:lower()] == true
    end
  end
  return false
end

-- The content check for buffer `bufnr`: 'cyclecloud' or nil (so other detection goes on).
function M.from_buffer(bufnr)
  if not bufnr or not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, M.lines_to_read, false)
  if M.is_template(lines) then
    return 'cyclecloud'
  end
  return nil
end

-- Registers detection: `vim.filetype.add` on 0.8+, autocommands on 0.7 (whose default
-- filetype.vim ignores `vim.filetype.add`).
function M.register()
  if vim.fn.has('nvim-0.8') == 1 then
    vim.filetype.add({
      pattern = {
        ['.*/templates/[^/]*%.txt'] = { 'cyclecloud', { priority = 20 } },
        ['.*%.txt'] = {
          function(_, bufnr)
            return M.from_buffer(bufnr)
          end,
          { priority = 10 },
        },
      },
    })
    return
  end
  local group = vim.api.nvim_create_augroup('cyclecloud_filetype', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.txt',
    callback = function(args)
      local path = vim.fn.fnamemodify(args.file, ':p')
      if path:match('/templates/[^/]*%.txt$') or M.from_buffer(args.buf) then
        vim.bo[args.buf].filetype = 'cyclecloud'
      end
    end,
  })
end

return M
