-- Scenario 2: each client reads the latest 50 messages of its own session (a full page).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

scenario(function(c)
   return "GET", "/sessions/" .. c.session .. "/messages?limit=50",
      { ["Authorization"] = "Bearer " .. c.token }, nil
end)
