-- A public contact form submission (stored, and a notification mail queued) per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"contact_type":"student","name":"Bench","email":"bench@example.org","university":"City College",'
  .. '"reason":"Join a team","message":"Hello from the benchmark"}'
