-- Tree-sitter highlighting for a buffer, through whichever API this Neovim has.
local M = {}

-- Starts highlighting `bufnr` with the cyclecloud parser; false (and no error) when the parser
-- is not built, so opening a template never fails.
function M.start(bufnr)
  if vim.treesitter.start then -- 0.8+
    return (pcall(vim.treesitter.start, bufnr, 'cyclecloud'))
  end
  -- 0.7: no vim.treesitter.start; the highlighter object is created by hand.
  local ok, parser = pcall(vim.treesitter.get_parser, bufnr, 'cyclecloud')
  if not ok or not parser then
    return false
  end
  vim.treesitter.highlighter.new(parser)
  return true
end

return M
