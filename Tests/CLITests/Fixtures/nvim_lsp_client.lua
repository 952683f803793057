-- Neovim's built-in LSP client driving `shipshape lsp` (Tests/CLITests/LspClientTests.swift): open the Dockerfile
-- given on the command line, wait for diagnostics, ask for code actions and hover, write what came back as JSON to
-- $SHIPSHAPE_LSP_OUT, quit. Written for Neovim 0.7 (Debian 12's), which has start_client but not vim.lsp.start.
local out = os.getenv("SHIPSHAPE_LSP_OUT")
local result = { attached = false }
local function finish()
  local file = io.open(out, "w")
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "shipshape",
    cmd = { os.getenv("SHIPSHAPE_BIN"), "lsp" },
    root_dir = vim.fn.getcwd(),
  })
  result.attached = vim.lsp.buf_attach_client(bufnr, client_id)
  result.got_diagnostics = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.server = client.server_capabilities ~= nil
  local first
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "SS0041" then first = d end
  end
  if first then
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      range = { start = { line = first.lnum, character = first.col }, ["end"] = { line = first.end_lnum, character = first.end_col } },
      context = { diagnostics = { first.user_data and first.user_data.lsp or {} } },
    }
    local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000) or {}
    result.actions = {}
    for _, response in pairs(actions) do
      for _, action in ipairs(response.result or {}) do
        table.insert(result.actions, { title = action.title, kind = action.kind })
      end
    end
    local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      position = { line = first.lnum, character = first.col },
    }, 10000) or {}
    for _, response in pairs(hover) do
      if response.result and response.result.contents then
        result.hover = response.result.contents.value or vim.inspect(response.result.contents)
      end
    end
  end
  -- An edit in the buffer: the server must re-lint and the SS0021 finding on line 2 must go away.
  vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, { "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*" })
  result.cleared = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "SS0021" then return false end
    end
    return true
  end, 50)
  vim.lsp.stop_client(client_id)
end)
if not ok then result.error = tostring(err) end
finish()
