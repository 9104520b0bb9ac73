bench:
	scripts/bench.sh

fuzz:
	scripts/fuzz.sh

test:
	scripts/test.sh

.PHONY: bench fuzz test
