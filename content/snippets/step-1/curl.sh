# AWS JSON 1.1: one POST, the operation named in X-Amz-Target.
# USER_PASSWORD_AUTH needs ALLOW_USER_PASSWORD_AUTH on the app client (the demo client has it).
curl -s 'http://127.0.0.1:9400/' \
  -H 'Content-Type: application/x-amz-json-1.1' \
  -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' \
  -d '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"6s6va7v5evvw7fieadqu1p3szl",
       "AuthParameters":{"USERNAME":"alice","PASSWORD":"Alice-demo-1"}}'
