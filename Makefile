# paysign: the commands README.md documents.
.PHONY: test sandbox bench dist install-test docs-test

# Every test suite (installs the tools it needs itself), make dist, the install
# tests and the docs test; lists the skipped suites at the end.
test:
	bash scripts/test-all.sh

# What a release publishes, into dist/ (scripts/dist.sh says what and how).
dist:
	bash scripts/dist.sh

# dist/ installed as users install it, with no Rust toolchain on PATH.
install-test:
	bash scripts/install-test.sh

# Every command and code block of README.md and the bindings' READMEs.
docs-test:
	python3 scripts/docs-test.py

SAMPLE_PAYMENT = {"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}

# The main job: sign a sample payment with CyberSource's published sandbox
# credentials and print a ready curl command.
# The build shows its progress (the first one takes about a minute); the
# command's own output is only the curl line.
sandbox:
	@cargo build -p paysign-cli
	@cargo run -q -p paysign-cli -- cybersource sign --sandbox \
	  POST https://apitest.cybersource.com/pts/v2/payments \
	  --data '$(SAMPLE_PAYMENT)' --format curl

# Benchmarks against the incumbents (core, C, Python, Node; BENCHMARKS.md).
# Not part of `make test`; rewrites the results block of BENCHMARKS.md.
bench:
	bash bench/run.sh
