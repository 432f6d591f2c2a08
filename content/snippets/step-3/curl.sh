# Yours: the tokens of a sign-in (step 1: IdToken and AccessToken).
ID_TOKEN='paste the IdToken here'
ACCESS_TOKEN='paste the AccessToken here'

# REST API, ID token; "Bearer " is optional for a Cognito authorizer.
curl -i 'http://127.0.0.1:9401/rest/prod/hello' -H "Authorization: Bearer $ID_TOKEN"

# HTTP API, access token.
curl -i 'http://127.0.0.1:9401/http/hello' -H "Authorization: Bearer $ACCESS_TOKEN"

# REST API with a JWT authorizer: either token; /access takes access tokens only.
curl -i 'http://127.0.0.1:9401/rest-jwt/prod/hello' -H "Authorization: Bearer $ID_TOKEN"
curl -i 'http://127.0.0.1:9401/rest-jwt/prod/access' -H "Authorization: Bearer $ACCESS_TOKEN"
