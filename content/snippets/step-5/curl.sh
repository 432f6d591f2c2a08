# Yours: the ID token of a sign-in (step 1: IdToken).
ID_TOKEN='paste the IdToken here'

# /hello answers with the event its function received.
curl -s 'http://127.0.0.1:9401/rest/prod/hello' -H "Authorization: $ID_TOKEN"
