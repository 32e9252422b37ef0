-- Scenario 4: each client logs in with its own password (OAuth2 password grant, form-encoded).
-- Every request costs one bcrypt check at the server's cost (12 in production).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

scenario(function(c)
   return "POST", "/token",
      { ["Content-Type"] = "application/x-www-form-urlencoded" },
      c.login_form
end)
