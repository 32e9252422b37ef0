-- Scenario 1: each client posts a small message to its own session.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

scenario(function(c)
   return "POST", "/sessions/" .. c.session .. "/messages",
      { ["Authorization"] = "Bearer " .. c.token, ["Content-Type"] = "application/json" },
      '{"text":"benchmark message from client ' .. c.index .. '"}'
end)
