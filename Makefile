# paysign: the commands README.md documents.
.PHONY: test sandbox bench

# Every test suite (installs the tools it needs itself).
test:
	bash scripts/test-all.sh

SAMPLE_PAYMENT = {"clientReferenceInformation":{"code":"TC50171_3"},"orderInformation":{"amountDetails":{"totalAmount":"102.21","currency":"USD"}}}

# The main job: sign a sample payment with CyberSource's published sandbox
# credentials and print a ready curl command.
sandbox:
	@cargo run -q -p paysign-cli -- cybersource sign --sandbox \
	  POST https://apitest.cybersource.com/pts/v2/payments \
	  --data '$(SAMPLE_PAYMENT)' --format curl

# Benchmarks against the incumbents (core, C, Python, Node; BENCHMARKS.md).
# Not part of `make test`; rewrites the results block of BENCHMARKS.md.
bench:
	bash bench/run.sh
