-- Durable Object Doctor's language server in Neovim 0.7 (Debian 12's), which has neither
-- vim.lsp.config (0.11) nor vim.lsp.start (0.8). Settings go through init_options: 0.7 does not
-- answer workspace/configuration. Put this in init.lua; `cmd` as installed (see the README).
local cmd = { "do-doctor", "lsp", "--stdio" }
if os.getenv("DO_DOCTOR_BIN") then cmd = { "node", os.getenv("DO_DOCTOR_BIN"), "lsp", "--stdio" } end

local client_id
vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  pattern = { "wrangler.jsonc", "wrangler.json", "wrangler.toml", "*.ts", "*.tsx", "*.mts", "*.js", "*.jsx", "*.mjs" },
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = "do_doctor",
      cmd = cmd,
      root_dir = vim.fn.getcwd(),
      init_options = { settings = { rules = { ["spa-shadows-agent-route"] = "off" } } },
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
