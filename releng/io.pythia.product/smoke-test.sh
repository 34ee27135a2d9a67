#!/usr/bin/env bash
# Smoke test of the materialized product as users run it: start its start script on the current
# display, wait for the top-level window titled "Pythia Workbench", take a screenshot, stop it.
# usage: smoke-test.sh PRODUCT_DIR SCREENSHOT.png     (needs: a display, xwininfo, import)
set -u
product=$1
shot=$2
timeout_s=${PYTHIA_SMOKE_TIMEOUT:-90}
work=$(mktemp -d)
log="$work/console.log"
mkdir -p "$(dirname "$shot")"

PYTHIA_WORKSPACE="$work/workspace" "$product/pythia-workbench" -consoleLog >"$log" 2>&1 &
app=$!
cleanup() {
	kill "$app" 2>/dev/null
	for _ in $(seq 1 20); do kill -0 "$app" 2>/dev/null || break; sleep 0.25; done
	kill -9 "$app" 2>/dev/null
	wait "$app" 2>/dev/null
	# keep the console log next to the screenshot, for a look after a failure
	cp "$log" "$(dirname "$shot")/product-console.log" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

start=$(date +%s%N)
deadline=$(( $(date +%s) + timeout_s ))
# e4 sets the shell title to the window label followed by a space
while [ "$(date +%s)" -lt "$deadline" ]; do
	if xwininfo -root -tree 2>/dev/null | grep -q '"Pythia Workbench'; then
		ms=$(( ($(date +%s%N) - start) / 1000000 ))
		sleep 3 # let the parts paint
		win=$(xwininfo -root -tree | grep '"Pythia Workbench' | awk '{print $1}' | head -n 1)
		import -window "${win:-root}" "$shot"
		if grep -q -E '^!ENTRY|Exception' "$log"; then
			echo "product smoke test: FAILED, the window appeared but the console log has errors:"
			grep -E -A3 '^!ENTRY|Exception' "$log" | head -n 30
			exit 1
		fi
		echo "product smoke test: passed, window 'Pythia Workbench' appeared after $ms ms; screenshot $shot"
		exit 0
	fi
	if ! kill -0 "$app" 2>/dev/null; then
		echo "product smoke test: FAILED, the product exited before showing its window; console log:"
		tail -n 40 "$log"
		exit 1
	fi
	sleep 0.25
done
echo "product smoke test: FAILED, no window within ${timeout_s} s; console log:"
tail -n 40 "$log"
exit 1
