-- Printed by wrk after the run, parsed by bench/pages.py (latencies in microseconds).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
