-- Neovim's built-in LSP client (0.7 and later) against `kubeshape lsp`:
-- open a manifest, wait for the diagnostics Neovim holds, apply the
-- preferred quick fix of one of them, wait for the diagnostics of the
-- edited buffer. Writes what it saw as JSON to $KUBESHAPE_OUT and quits.
-- Run by tests/editors/neovim.test.mjs.
local bin = os.getenv("KUBESHAPE_BIN")
local file = os.getenv("KUBESHAPE_FILE")
local out = os.getenv("KUBESHAPE_OUT")
local seen = {}

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, {
      code = d.code or lsp.code,
      lnum = d.lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
      message = d.message,
    })
  end
  return list
end

local function has(buf, code)
  for _, d in ipairs(diagnostics(buf)) do
    if d.code == code then
      return true
    end
  end
  return false
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "kubeshape",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
    init_options = { kubeshape = { lang = "en" } },
  })
  vim.lsp.buf_attach_client(buf, id)
  seen.attached = vim.wait(10000, function()
    return has(buf, "privilege-escalation")
  end, 10)
  seen.before = diagnostics(buf)
  local client = vim.lsp.get_client_by_id(id)
  seen.encoding = client.offset_encoding
  -- The cursor on the finding, as a user asking for a code action.
  local target
  for _, d in ipairs(seen.before) do
    if d.code == "privilege-escalation" then
      target = d
    end
  end
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf), only = { "quickfix" } }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 5000)
  local chosen
  seen.titles = {}
  for _, reply in pairs(replies or {}) do
    for _, action in ipairs(reply.result or {}) do
      table.insert(seen.titles, action.title)
      if action.isPreferred and action.title:find("privilege%-escalation") then
        chosen = action
      end
    end
  end
  seen.applied = chosen and chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  seen.cleared = vim.wait(10000, function()
    return not has(buf, "privilege-escalation")
  end, 10)
  seen.after = diagnostics(buf)
  seen.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local ok, err = pcall(run)
seen.ok = ok
seen.error = err and tostring(err) or nil
local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(seen))
handle:close()
vim.cmd("qa!")
