-- wrk script for bench/checkin.py: POST /api/v1/checkins with signed badge tokens.
-- Each wrk thread sends its own client_ids (every request a new committed row:
-- first scans, then repeats). Tokens and the session cookie come from the
-- files and variables bench/checkin.py passes: wrk -s checkin.lua URL -- TOKENS_FILE COOKIE
local counter = 0
local thread_id = 0
local tokens = {}
local cookie = ""
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  cookie = args[2]
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local body = string.format('{"token": "%s", "desk": "wrk %d", "client_id": "wrk-%d-%d"}',
                             token, thread_id, thread_id, counter)
  return wrk.format("POST", "/api/v1/checkins",
                    {["Content-Type"] = "application/json", ["Cookie"] = cookie}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
