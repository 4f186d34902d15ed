-- wrk script: POST one image as raw bytes to /v1/detect. The image path comes from the IMAGE environment variable.
local file = assert(io.open(os.getenv("IMAGE"), "rb"))
wrk.body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.path = "/v1/detect"
wrk.headers["Content-Type"] = "image/jpeg"

done = function(summary, latency, requests)
    io.write(string.format("requests/s %.1f\n", summary.requests / (summary.duration / 1e6)))
    io.write(string.format("p50_ms %.1f p99_ms %.1f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
    io.write(string.format("socket_errors connect=%d read=%d write=%d timeout=%d non2xx=%d\n",
        summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
