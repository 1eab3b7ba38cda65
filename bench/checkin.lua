-- wrk script for bench/checkin.py: POST /api/v1/checkins with signed badge tokens.
-- Each wrk thread of each run sends its own client_ids (every request a new
-- committed row: first scans, then repeats; never a replay of an earlier run's).
-- Tokens, the session cookie and the run's name come from bench/checkin.py:
-- wrk -s checkin.lua URL -- TOKENS_FILE COOKIE RUN
local counter = 0
-- thread_id: a global each thread's setup() sets (a local here would shadow it, and every thread would send
-- the same client_ids: half the requests replays)
local tokens = {}
local cookie = ""
local run = ""
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
  run = args[3] or ""
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local body = string.format('{"token": "%s", "desk": "wrk %d", "client_id": "wrk-%s-%d-%d"}',
                             token, thread_id, run, thread_id, counter)
  return wrk.format("POST", "/api/v1/checkins",
                    {["Content-Type"] = "application/json", ["Cookie"] = cookie}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
