# Yours: the RefreshToken of a sign-in (step 1).
REFRESH_TOKEN='paste the RefreshToken here'

# New ID and access tokens for a refresh token (in the body, never in the URL).
curl -s 'http://127.0.0.1:9400/' \
  -H 'Content-Type: application/x-amz-json-1.1' \
  -H 'X-Amz-Target: AWSCognitoIdentityProviderService.GetTokensFromRefreshToken' \
  -d "{\"ClientId\":\"6s6va7v5evvw7fieadqu1p3szl\",\"RefreshToken\":\"$REFRESH_TOKEN\"}"

# The public keys that check the tokens' signatures:
curl -s 'http://127.0.0.1:9400/us-east-1_TrailDemo/.well-known/jwks.json'
