-- Scenario 3: each client fetches its own account with its bearer token.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

scenario(function(c)
   return "GET", "/users/me", { ["Authorization"] = "Bearer " .. c.token }, nil
end)
