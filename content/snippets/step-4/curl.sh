# Yours: the access token of a sign-in (step 1: AccessToken).
ACCESS_TOKEN='paste the AccessToken here'

# The access token on an unscoped REST route: 401 {"message":"Unauthorized"}.
curl -i 'http://127.0.0.1:9401/rest/prod/hello' -H "Authorization: Bearer $ACCESS_TOKEN"

# A broken token on the HTTP API: 401, and the reason in www-authenticate.
curl -i 'http://127.0.0.1:9401/http/hello' -H "Authorization: Bearer not.a.token"
