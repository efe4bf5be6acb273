-- Headless end-to-end check of the plugin in a real Neovim (run by scripts/test-neovim):
--   nvim --headless -u NONE -c "lua dofile('editors/neovim/test/headless.lua')"
-- Environment: CC_PLUGIN (this plugin's folder), CC_SERVER (the cyclecloud-lsp binary),
-- CC_WORK (a scratch folder holding templates/…, other/…, notes.txt and demo-project/project.ini),
-- CC_MODE ('enable' for
-- 0.11's vim.lsp.enable, 'setup' for require('cyclecloud').setup()).
-- Prints one "ok - …" line per check; any failure prints "not ok - …" and exits 1.

local failures = 0
local function report(ok, what, detail)
  detail = detail and tostring(detail) or ''
  if ok and #detail > 100 then
    detail = detail:sub(1, 97) .. '...'
  end
  detail = detail ~= '' and ('  [' .. detail:gsub('\n', ' ') .. ']') or ''
  io.stdout:write((ok and 'ok - ' or 'not ok - ') .. what .. detail .. '\n')
  if not ok then
    failures = failures + 1
  end
end
local function finish()
  io.stdout:write(string.format('neovim %s: %d failed\n', tostring(vim.version and vim.version().minor), failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

local plugin, server, work, mode = os.getenv('CC_PLUGIN'), os.getenv('CC_SERVER'), os.getenv('CC_WORK'), os.getenv('CC_MODE')
vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype plugin on')

if mode == 'enable' then
  vim.lsp.config('cyclecloud', { cmd = { server } })
  vim.lsp.enable('cyclecloud')
else
  require('cyclecloud').setup({ cmd = { server } })
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

-- Filetype detection: the templates/ pattern, the content check, and plain text left alone.
local template = open(work .. '/templates/missing-image-os.txt')
report(vim.bo.filetype == 'cyclecloud', 'templates/*.txt is cyclecloud', vim.bo.filetype)
open(work .. '/other/commented-cluster.txt')
report(vim.bo.filetype == 'cyclecloud', 'a .txt opening with a [cluster] header (after comments) is cyclecloud', vim.bo.filetype)
open(work .. '/other/parameters-only.txt')
report(vim.bo.filetype == 'cyclecloud', 'a .txt opening with a [parameters] header is cyclecloud', vim.bo.filetype)
open(work .. '/notes.txt')
report(vim.bo.filetype ~= 'cyclecloud', 'a .txt of prose is not claimed', vim.bo.filetype)
open(work .. '/other/nested-templates/deeper/x.txt')
report(vim.bo.filetype ~= 'cyclecloud', 'a .txt below templates/<dir>/ without a header is not claimed', vim.bo.filetype)

-- Diagnostics: CC0201 (ImageId without ImageOS) on line 8 of the fixture.
vim.cmd('buffer ' .. template)
local function cc0201()
  for _, d in ipairs(vim.diagnostic.get(template)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'CC0201' then
      return d
    end
  end
end
vim.wait(20000, function()
  return cc0201() ~= nil
end, 50)
local diagnostic = cc0201()
report(diagnostic ~= nil, 'CC0201 diagnostic published', diagnostic and diagnostic.code or vim.inspect(vim.diagnostic.get(template)))
if diagnostic then
  report(diagnostic.lnum == 7 and diagnostic.col == 4, 'CC0201 is on the ImageId line', diagnostic.lnum .. ':' .. diagnostic.col)
  report(diagnostic.message:find('ImageOS', 1, true) ~= nil, 'CC0201 message names ImageOS', diagnostic.message)
  report(diagnostic.severity == vim.diagnostic.severity.WARN, 'CC0201 is a warning', tostring(diagnostic.severity))
end

-- Completion and hover on the second fixture (the same client serves it).
local buffer = open(work .. '/templates/completion-and-hover.txt')
local function attached_clients(bufnr)
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end
vim.wait(10000, function()
  return #attached_clients(buffer) > 0
end, 50)
local function request_on(bufnr, method, line, character)
  local responses = vim.lsp.buf_request_sync(bufnr, method, {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = character },
  }, 10000)
  for _, response in pairs(responses or {}) do
    if response.result then
      return response.result
    end
  end
end
local function request(method, line, character)
  return request_on(buffer, method, line, character)
end
local completion = request('textDocument/completion', 5, 22)
local labels = {}
for _, item in ipairs(completion and (completion.items or completion) or {}) do
  labels[item.label] = true
end
report(labels['centos-7'] and labels['ubuntu-18.04'] and labels['windows'], 'JetpackPlatform completion offers the platforms', vim.inspect(vim.tbl_keys(labels)))
local hover = request('textDocument/hover', 2, 10)
local text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
report(text:find('Azure.Publisher', 1, true) and text:find('Marketplace image', 1, true), 'hover on Azure.Publisher explains it', text)

-- :CycleCloudRender opens the server's render of the template in a new buffer.
vim.cmd('buffer ' .. buffer)
vim.cmd('CycleCloudRender')
local rendered
vim.wait(10000, function()
  local current = vim.api.nvim_get_current_buf()
  if current ~= buffer and vim.bo[current].filetype == 'cyclecloud-render' then
    rendered = table.concat(vim.api.nvim_buf_get_lines(current, 0, -1, false), '\n')
    return true
  end
  return false
end, 50)
report(rendered ~= nil and rendered:find('[[nodearray legacy]]', 1, true) ~= nil, ':CycleCloudRender opens the rendered cluster', rendered)
if rendered then
  vim.cmd('close')
end

-- project.ini: the same client serves it (findings and hover) without making it a template;
-- any other .ini file gets no cyclecloud client.
local function cyclecloud_client(bufnr)
  for _, client in pairs(attached_clients(bufnr)) do -- 0.7: a table keyed by client id
    if client.name == 'cyclecloud' then
      return client
    end
  end
end
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local ini = open(work .. '/demo-project/project.ini')
report(vim.bo.filetype == 'dosini', 'project.ini keeps its dosini filetype', vim.bo.filetype)
vim.wait(10000, function()
  return cyclecloud_client(ini) ~= nil
end, 50)
report(cyclecloud_client(ini) ~= nil, 'project.ini gets the cyclecloud client')
local function ini_finding(code)
  for _, d in ipairs(vim.diagnostic.get(ini)) do
    if code_of(d) == code then
      return d
    end
  end
end
vim.wait(20000, function()
  return ini_finding('CC0802') ~= nil and ini_finding('CC0801') ~= nil
end, 50)
local unknown_key, no_version = ini_finding('CC0802'), ini_finding('CC0801')
report(unknown_key ~= nil and unknown_key.lnum == 2 and unknown_key.message:find('did you mean `version`', 1, true) ~= nil,
  'project.ini gets CC0802 on the misspelt verison line', unknown_key and (unknown_key.lnum .. ': ' .. unknown_key.message) or vim.inspect(vim.diagnostic.get(ini)))
report(no_version ~= nil, 'project.ini gets CC0801 (no version)', no_version and no_version.message)
local ini_hover = request_on(ini, 'textDocument/hover', 1, 1)
local ini_text = ini_hover and ini_hover.contents and (ini_hover.contents.value or vim.inspect(ini_hover.contents)) or ''
report(ini_text:find('[project] name', 1, true) ~= nil, 'hover on the [project] name key explains it', ini_text)
local settings_ini = open(work .. '/other/settings.ini')
report(vim.bo.filetype == 'dosini', 'other/settings.ini is dosini', vim.bo.filetype)
vim.wait(1500, function()
  return cyclecloud_client(settings_ini) ~= nil
end, 50)
local names = {}
for _, client in pairs(attached_clients(settings_ini)) do
  names[#names + 1] = client.name
end
report(cyclecloud_client(settings_ini) == nil, 'another .ini file gets no cyclecloud client', table.concat(names, ','))
report(#vim.diagnostic.get(settings_ini) == 0, 'another .ini file gets no diagnostics', #vim.diagnostic.get(settings_ini))

-- Tree-sitter: the highlighter is attached and the queries capture what they should.
local function captures_at(bufnr, row, col)
  local names = {}
  vim.treesitter.get_parser(bufnr, 'cyclecloud'):parse() -- headless: no redraw parses it for us
  if vim.treesitter.get_captures_at_pos then -- 0.9+
    for _, capture in ipairs(vim.treesitter.get_captures_at_pos(bufnr, row, col)) do
      names[#names + 1] = capture.capture
    end
    return names
  end
  -- 0.7: run the highlights query from the runtimepath over the buffer's tree.
  local parser = vim.treesitter.get_parser(bufnr, 'cyclecloud')
  local tree = parser:parse()[1]
  local query = vim.treesitter.get_query('cyclecloud', 'highlights')
  for id, node in query:iter_captures(tree:root(), bufnr, row, row + 1) do
    local start_row, start_col, end_row, end_col = node:range()
    local after_start = row > start_row or (row == start_row and col >= start_col)
    local before_end = row < end_row or (row == end_row and col < end_col)
    if after_start and before_end then
      names[#names + 1] = query.captures[id]
    end
  end
  return names
end
local function has_capture(bufnr, row, col, name, what)
  local names = captures_at(bufnr, row, col)
  report(vim.tbl_contains(names, name), what .. ' is @' .. name, table.concat(names, ','))
end
vim.cmd('buffer ' .. template)
report(vim.treesitter.highlighter.active[template] ~= nil, 'tree-sitter highlighter attached to the template buffer')
has_capture(template, 0, 1, 'keyword', '`cluster` in [cluster Demo]')
has_capture(template, 0, 10, 'type', 'the cluster name')
has_capture(template, 2, 5, 'property', 'the attribute key Credentials')
has_capture(template, 2, 19, 'variable.parameter', 'the reference $Credentials')
has_capture(template, 10, 17, 'variable.parameter', 'the parameter name in [[parameter Credentials]]')
has_capture(template, 0, 0, 'punctuation.bracket', 'the header bracket')

finish()
