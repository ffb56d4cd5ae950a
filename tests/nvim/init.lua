-- Headless Neovim (0.7 or later) as forklint's language client, for
-- scripts/test-nvim.sh: starts `forklint lsp` for C files, waits for the
-- diagnostics of the file given on the command line, checks them, asks for a
-- hover, applies the suppression code action and waits for the finding to go.
-- Prints one line per step and quits with status 0 only if every check passed.

local bin = assert(os.getenv("FORKLINT_BIN"), "FORKLINT_BIN")
local root = assert(os.getenv("FORKLINT_ROOT"), "FORKLINT_ROOT")
local expect_code = os.getenv("FORKLINT_EXPECT_CODE") or "FL001"
-- 1-based, as editors show it.
local expect_line = tonumber(os.getenv("FORKLINT_EXPECT_LINE") or "0")
local timeout_ms = tonumber(os.getenv("FORKLINT_TIMEOUT_MS") or "30000")

local function say(text)
  io.stdout:write("nvim: " .. text .. "\n")
end

local function fail(text)
  say("FAIL: " .. text)
  vim.cmd("cquit 1")
end

vim.api.nvim_create_autocmd("FileType", {
  pattern = "c",
  callback = function(args)
    local client_id = vim.lsp.start_client({
      name = "forklint",
      cmd = { bin, "lsp" },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = "corpus" } },
    })
    if not client_id then
      fail("could not start forklint lsp")
      return
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function forklint_diagnostics(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "forklint" then
      table.insert(found, d)
    end
  end
  return found
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  say("opened " .. name)
  local arrived = vim.wait(timeout_ms, function()
    return #forklint_diagnostics(bufnr) > 0
  end, 50)
  if not arrived then
    return fail("no diagnostics from forklint within " .. timeout_ms .. " ms")
  end
  local diagnostics = forklint_diagnostics(bufnr)
  local match
  for _, d in ipairs(diagnostics) do
    say(string.format("diagnostic %s at %d:%d: %s", tostring(d.code), d.lnum + 1, d.col + 1,
      vim.split(d.message, "\n")[1]))
    if d.code == expect_code and (expect_line == 0 or d.lnum + 1 == expect_line) then
      match = d
    end
  end
  if not match then
    return fail(string.format("expected %s on line %d", expect_code, expect_line))
  end
  local lsp_data = match.user_data and match.user_data.lsp or {}
  if not (lsp_data.codeDescription and lsp_data.codeDescription.href:find(expect_code, 1, true)) then
    return fail("the diagnostic has no codeDescription link to the rule's docs")
  end

  local position = { line = match.lnum, character = match.col }
  local document = { uri = vim.uri_from_bufnr(bufnr) }
  local hovers = vim.lsp.buf_request_sync(bufnr, "textDocument/hover",
    { textDocument = document, position = position }, timeout_ms) or {}
  local hover_text = ""
  for _, response in pairs(hovers) do
    if response.result and response.result.contents then
      hover_text = response.result.contents.value or ""
    end
  end
  if not hover_text:find("## What it does", 1, true) then
    return fail("the hover does not show the rule's documentation: " .. hover_text)
  end
  say("hover shows the docs of " .. expect_code)

  local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = document,
    range = { start = position, ["end"] = position },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, match.lnum) },
  }, timeout_ms) or {}
  local suppress
  for _, response in pairs(actions) do
    if response.err then
      say("code action error: " .. vim.inspect(response.err))
    end
    for _, action in ipairs(response.result or {}) do
      say("code action: " .. action.title)
      if action.title:find("^Suppress") then
        suppress = action
      end
    end
  end
  if not suppress then
    return fail("no suppression code action")
  end
  vim.lsp.util.apply_workspace_edit(suppress.edit, "utf-16")
  say("applied: " .. vim.api.nvim_buf_get_lines(bufnr, match.lnum, match.lnum + 1, false)[1])
  local gone = vim.wait(timeout_ms, function()
    for _, d in ipairs(forklint_diagnostics(bufnr)) do
      if d.lnum == match.lnum and d.code == expect_code then
        return false
      end
    end
    return true
  end, 50)
  if not gone then
    return fail("the finding is still there after the suppression")
  end
  say("the finding went away after the suppression")
  say("PASS")
  vim.cmd("qall!")
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      fail(tostring(err))
    end
  end,
})
