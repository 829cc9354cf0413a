# paysign: the commands README.md documents.
.PHONY: test sandbox bench

# Every test suite (installs the tools it needs itself).
test:
	bash scripts/test-all.sh

# The main job: sign sample requests with the published sandbox credentials.
sandbox:
	cargo run -q -p paysign --example sandbox
