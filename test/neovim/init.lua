-- A headless Neovim (0.7+) as an LSP client of `wattlint server`, for test/unit/neovim.test.ts. Written for
-- Debian's Neovim 0.7.2: `vim.lsp.start_client` + `vim.lsp.buf_attach_client` from a VimEnter autocmd (there is
-- no `vim.lsp.start` before 0.8). It opens each file of WATTLINT_FILES, waits for the server's diagnostics,
-- then asks for a hover and the code actions of the first diagnostic of WATTLINT_ACTION_FILE, applies its quick
-- fix, and writes everything it saw as JSON to WATTLINT_OUT before quitting.
-- env: WATTLINT_CMD (JSON array: the server command), WATTLINT_ROOT, WATTLINT_FILES (JSON array, relative to the
-- root), WATTLINT_ACTION_FILE, WATTLINT_OUT.
local out_path = os.getenv('WATTLINT_OUT')
local root = os.getenv('WATTLINT_ROOT')
local cmd = vim.fn.json_decode(os.getenv('WATTLINT_CMD'))
local files = vim.fn.json_decode(os.getenv('WATTLINT_FILES'))
local action_file = os.getenv('WATTLINT_ACTION_FILE')

local function finish(result)
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

-- Which URIs the server has published diagnostics for (a file with no findings gets an empty list).
local published = {}
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_handler(err, result, ctx, config)
  published[result.uri] = #result.diagnostics
end

local function diagnostics_of(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source, code = d.code or lsp.code,
    })
  end
  return out
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'wattlint',
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  })
  assert(client_id, 'the client did not start')
  local result = { files = {}, version = vim.version() }
  for _, rel in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(bufnr, client_id)
    local uri = vim.uri_from_bufnr(bufnr)
    local ok = vim.wait(30000, function() return published[uri] ~= nil end, 20)
    result.files[rel] = { published = ok, diagnostics = diagnostics_of(bufnr) }
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. action_file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_client_by_id(client_id)
  local first = vim.diagnostic.get(bufnr)[1]
  -- Neovim 0.7 keeps the LSP diagnostic's extra fields (code, data) in user_data.lsp; the range is the item's own
  -- (byte columns, the same as UTF-16 ones in these ASCII files).
  local lsp_diag = vim.tbl_extend('force', (first.user_data or {}).lsp or {}, {
    range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } },
    message = first.message, severity = first.severity, source = first.source,
  })
  local uri = vim.uri_from_bufnr(bufnr)
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = uri }, position = lsp_diag.range.start,
  }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result then result.hover = r.result.contents.value or r.result.contents end
  end
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri }, range = lsp_diag.range, context = { diagnostics = { lsp_diag } },
  }, 10000)
  result.actions = {}
  local fix
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(result.actions, a.title)
      -- the preferred (safe) fix, else the quick fix the server marks for review (unsafe)
      if not fix and (a.isPreferred or (a.kind == 'quickfix' and a.data and a.title:find('review the change', 1, true))) then fix = a end
    end
  end
  if fix then
    if not fix.edit and fix.data then
      local resolved = client.request_sync('codeAction/resolve', fix, 10000, bufnr)
      fix = resolved and resolved.result or fix
    end
    result.fix_title = fix.title
    if fix.edit then vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16') end
  end
  result.fixed_text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  -- The fix moves the diagnostics: wait for the new set.
  vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message == first.message and d.lnum == first.lnum then return false end
    end
    return true
  end, 20)
  result.after_fix = diagnostics_of(bufnr)
  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
  result.stopped = client.is_stopped()
  finish(result)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then finish({ error = tostring(err) }) end
  end,
})
