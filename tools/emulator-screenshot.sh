#!/usr/bin/env bash
# Screenshots of the Stripe emulator's hosted pages in headless Chromium, then a click-through
# (onboarding, checkout, Pay) by the browser test, whose screenshots land in the same folder.
# Usage: tools/emulator-screenshot.sh [output-dir]   (default: $TMPDIR or /tmp, claro-emulator-screenshots)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-${TMPDIR:-/tmp}/claro-emulator-screenshots}" && cd "${1:-${TMPDIR:-/tmp}/claro-emulator-screenshots}" && pwd)

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

chromium_shot() { # file url
  local profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=900,800 --hide-scrollbars \
    --screenshot="$1" "$2" >/dev/null 2>&1
  rm -rf "$profile"
  [ -s "$1" ] || { echo "no screenshot of $2" >&2; exit 1; }
  echo "  $1"
}

json_field() { # field  (first "field": "value" of a JSON document on stdin)
  grep -o "\"$1\": *\"[^\"]*\"" | head -n1 | sed 's/.*: *"\(.*\)"/\1/'
}

dotnet build "$root/tools/Claro.StripeEmulator" -v quiet -nologo >/dev/null
log=$(mktemp)
bin="$root/tools/Claro.StripeEmulator/bin/Debug/net10.0"
(cd "$bin" && CLARO_STRIPE_EMULATOR_PORT=0 exec dotnet Claro.StripeEmulator.dll) >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; rm -f "$log"' EXIT

base=""
for _ in $(seq 1 200); do
  base=$(grep -o 'listening on http://[0-9.:]*' "$log" | head -n1 | sed 's/listening on //' || true)
  [ -n "$base" ] && break
  kill -0 "$emulator" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "the emulator did not start" >&2; cat "$log" >&2; exit 1; }
echo "Emulator at $base"

auth="Authorization: Bearer sk_test_screenshot"
account=$(curl -fsS "$base/v1/accounts" -H "$auth" \
  -d 'controller[stripe_dashboard][type]=express' -d 'controller[fees][payer]=application' \
  -d 'controller[losses][payments]=application' -d email=creator@example.com | json_field id)
onboarding=$(curl -fsS "$base/v1/account_links" -H "$auth" -d "account=$account" -d type=account_onboarding \
  -d "return_url=$base/setup/done" -d "refresh_url=$base/setup/done" | json_field url)
echo "Screenshots:"
chromium_shot "$out/onboarding-page.png" "$onboarding"

curl -fsS -X POST "$base/_emulator/accounts/$account/complete_onboarding" >/dev/null
checkout=$(curl -fsS "$base/v1/checkout/sessions" -H "$auth" -d mode=payment \
  -d 'line_items[0][price_data][currency]=usd' -d 'line_items[0][price_data][unit_amount]=1500' \
  -d 'line_items[0][price_data][product_data][name]=Pattern book' -d 'line_items[0][quantity]=1' \
  -d 'line_items[1][price_data][currency]=usd' -d 'line_items[1][price_data][unit_amount]=1000' \
  -d 'line_items[1][price_data][product_data][name]=Brush pack' -d 'line_items[1][quantity]=2' \
  -d 'payment_intent_data[application_fee_amount]=350' \
  -d "payment_intent_data[transfer_data][destination]=$account" \
  -d customer_email=buyer@example.com \
  -d "success_url=$base/c/pay/{CHECKOUT_SESSION_ID}" -d "cancel_url=$base/setup/done" | json_field url)
chromium_shot "$out/checkout-page.png" "$checkout"

echo "Click-through (Browser_clicks_through_onboarding_and_checkout):"
CLARO_EMULATOR_SCREENSHOTS="$out" dotnet test "$root/tests/Claro.StripeEmulator.Tests" -nologo -v quiet \
  --filter "FullyQualifiedName~BrowserTests" | grep -E "Passed!|Failed!|error" || true
ls -1 "$out"/*.png | sed 's/^/  /'
