-- Every request excludes a different id, so each one misses the response cache and runs its SQL.
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?filter[category][in]=web,ai&sort=-featured,title&filter[id][ne]=" .. counter)
end
