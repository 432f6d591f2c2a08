# Yours: the tokens of a sign-in (step 1: IdToken and AccessToken).
ID_TOKEN='paste the IdToken here'
ACCESS_TOKEN='paste the AccessToken here'

# -i shows the headers API Gateway adds: x-amzn-RequestId, x-amz-apigw-id, X-Amzn-Trace-Id…
curl -i 'http://127.0.0.1:9401/rest/prod/hello' -H "Authorization: $ID_TOKEN"
# The HTTP API names the request apigw-requestid.
curl -i 'http://127.0.0.1:9401/http/hello' -H "Authorization: Bearer $ACCESS_TOKEN"
