# A function that throws: REST answers 502, HTTP 500.
curl -i 'http://127.0.0.1:9401/rest/prod/faults/error'
# A function that answers without a numeric statusCode: 502.
curl -i 'http://127.0.0.1:9401/rest/prod/faults/malformed'
# A function slower than the integration timeout: REST 504, HTTP 503.
curl -i 'http://127.0.0.1:9401/http/faults/timeout'
