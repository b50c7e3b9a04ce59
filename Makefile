# Two commands matter: `make demo` shows the provider at work, `make test` runs every check CI runs.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
VERSION := $(shell sed -n 's:.*<ProviderVersion>\(.*\)</ProviderVersion>.*:\1:p' Directory.Build.props)
PULUMI_HOME ?= $(HOME)/.pulumi
PYTHON ?= python3
SHARED ?= ../shared
ARTIFACTS := $(CURDIR)/artifacts
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: build test unit-tests check-schema check-traffic schema sdk install demo coder-double bench clean

## build: the solution, and the provider plugin at bin/pulumi-resource-coder
build:
	$(DOTNET) build Pulumi.Coder.sln -c $(CONFIGURATION) -nologo -clp:ErrorsOnly
	$(DOTNET) publish provider/Pulumi.Coder.Provider -c $(CONFIGURATION) -o bin --no-build -nologo

## test: every test project (the plugin is launched the way the engine does), then the schema and traffic checks
test: build
	@mkdir -p $(ARTIFACTS)
	@rm -f $(ARTIFACTS)/coder-traffic.jsonl $(ARTIFACTS)/reliability.txt
	CODER_DOUBLE_RECORD=$(ARTIFACTS)/coder-traffic.jsonl $(DOTNET) test Pulumi.Coder.sln -c $(CONFIGURATION) --no-build -nologo; \
		status=$$?; cat $(ARTIFACTS)/reliability.txt 2>/dev/null; exit $$status
	$(MAKE) --no-print-directory check-schema check-traffic

check-schema:
	$(PYTHON) $(SHARED)/tools/check-pulumi-schema.py schema.json

# The recording is checked against Coder's swagger.json with the double's documented errata (responses where coderd
# itself answers otherwise than its swagger), then every endpoint of the client must have been exercised.
check-traffic:
	@if [ ! -s $(ARTIFACTS)/coder-traffic.jsonl ]; then echo "check-traffic: no Coder traffic was recorded"; exit 1; fi
	$(PYTHON) tools/apply-swagger-errata.py $(SHARED)/coder-api/swagger.json tests/Coder.Double/swagger-errata.json $(ARTIFACTS)/swagger.coderd.json
	$(PYTHON) $(SHARED)/tools/check-coder-traffic.py --spec $(ARTIFACTS)/swagger.coderd.json $(ARTIFACTS)/coder-traffic.jsonl
	$(PYTHON) tools/check-endpoint-coverage.py provider/Coder.Client/Api $(ARTIFACTS)/coder-traffic.jsonl

## schema: regenerate schema.json from the resource definitions, and the SDK from the schema
schema: build
	bin/pulumi-resource-coder schema > schema.json
	$(MAKE) --no-print-directory sdk

sdk:
	@if [ -d codegen/Pulumi.Coder.SdkGen ]; then \
		$(DOTNET) run --project codegen/Pulumi.Coder.SdkGen -c $(CONFIGURATION) -- schema.json sdk/dotnet; fi

## install: put the plugin where the Pulumi CLI looks for resource-coder v$(VERSION)
install: build
	rm -rf $(PULUMI_HOME)/plugins/resource-coder-v$(VERSION)
	mkdir -p $(PULUMI_HOME)/plugins/resource-coder-v$(VERSION)
	cp -R bin/. $(PULUMI_HOME)/plugins/resource-coder-v$(VERSION)/
	@echo "installed pulumi-resource-coder $(VERSION) in $(PULUMI_HOME)/plugins/resource-coder-v$(VERSION)"

## demo: examples/PlatformStack applied to the Coder double by the plugin, one update, a refresh and a destroy
## (the real `pulumi up` when the Pulumi CLI is on PATH; otherwise an engine-like driver stands in)
demo: build
	$(DOTNET) run --project demo/Pulumi.Coder.Demo -c $(CONFIGURATION) --no-build

## coder-double: serve the in-memory Coder double (PORT=… to choose the port)
coder-double:
	$(DOTNET) run --project tests/Coder.Double -c $(CONFIGURATION)

bench:
	$(DOTNET) run --project bench/Pulumi.Coder.Bench -c Release

clean:
	$(DOTNET) clean Pulumi.Coder.sln -nologo -v q
	rm -rf bin artifacts
	find . -name bin -o -name obj -type d -prune -exec rm -rf {} +
