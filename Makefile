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

.PHONY: build dist dist-plugins dist-sdk test-dist test unit-tests check-schema check-traffic schema sdk install demo coder-double bench clean

## build: the solution, and the provider plugin at bin/pulumi-resource-coder
build:
	$(DOTNET) build Pulumi.Coder.sln -c $(CONFIGURATION) -nologo -clp:ErrorsOnly
	$(DOTNET) publish provider/Pulumi.Coder.Provider -c $(CONFIGURATION) -o bin --no-build -nologo

## test: every test project (the plugin is launched the way the engine does), the schema and traffic checks, then
## the release archives (`make dist`, the longest part: one self-contained ReadyToRun publish per platform)
test: build
	@mkdir -p $(ARTIFACTS)
	@rm -rf $(ARTIFACTS)/coder-traffic.jsonl $(ARTIFACTS)/reliability.txt $(ARTIFACTS)/reliability
	CODER_DOUBLE_RECORD=$(ARTIFACTS)/coder-traffic.jsonl $(DOTNET) test Pulumi.Coder.sln -c $(CONFIGURATION) --no-build -nologo; \
		status=$$?; cat $(ARTIFACTS)/reliability.txt 2>/dev/null; exit $$status
	$(MAKE) --no-print-directory check-schema check-traffic
	$(MAKE) --no-print-directory test-dist

check-schema:
	$(PYTHON) $(SHARED)/tools/check-pulumi-schema.py schema.json

# The recording is checked against Coder's swagger.json with the double's documented errata (responses where coderd
# itself answers otherwise than its swagger), then every endpoint of the client must have been exercised.
check-traffic:
	@if [ ! -s $(ARTIFACTS)/coder-traffic.jsonl ]; then echo "check-traffic: no Coder traffic was recorded"; exit 1; fi
	$(PYTHON) tools/apply-swagger-errata.py $(SHARED)/coder-api/swagger.json tests/Coder.Double/swagger-errata.json $(ARTIFACTS)/swagger.coderd.json
	$(PYTHON) $(SHARED)/tools/check-coder-traffic.py --spec $(ARTIFACTS)/swagger.coderd.json $(ARTIFACTS)/coder-traffic.jsonl
	$(PYTHON) tools/check-endpoint-coverage.py provider/Coder.Client/Api $(ARTIFACTS)/coder-traffic.jsonl

## dist: the plugin for each platform as Pulumi's installer expects it, and the SDK package, in artifacts/dist
# One archive per platform: pulumi-resource-coder-v<version>-<os>-<arch>.tar.gz (Pulumi's names: linux/darwin/windows,
# amd64/arm64), holding only the self-contained executable at its root, mode 0755 (pulumi plugin install extracts the
# archive into ~/.pulumi/plugins/resource-coder-v<version>/ and runs pulumi-resource-coder[.exe] from there).
DIST := $(ARTIFACTS)/dist
DIST_RIDS ?= linux-x64 linux-arm64 osx-arm64 osx-x64 win-x64
pulumi_os = $(subst osx,darwin,$(subst win,windows,$(word 1,$(subst -, ,$(1)))))
pulumi_arch = $(subst x64,amd64,$(word 2,$(subst -, ,$(1))))
plugin_exe = pulumi-resource-coder$(if $(filter win-%,$(1)),.exe)

dist: dist-plugins dist-sdk

dist-plugins: $(addprefix dist-plugin-,$(DIST_RIDS))

# NativeAOT (the build machine's own platform, see the provider's project file) links with clang: `clang`, or the
# newest versioned one (Debian ships clang-14 as such).
AOT_LINKER ?= $(shell command -v clang 2>/dev/null || ls /usr/bin/clang-[0-9]* 2>/dev/null | sort -V | tail -n 1)

dist-plugin-%:
	@mkdir -p $(DIST)
	@echo "dist: $* (self-contained; NativeAOT when $* is this machine's platform, ReadyToRun otherwise)"
	rm -rf $(ARTIFACTS)/publish/$*
	$(if $(AOT_LINKER),,@echo "dist: no clang here, so $* is built ReadyToRun even if NativeAOT could build it")
	$(DOTNET) publish provider/Pulumi.Coder.Provider -c $(CONFIGURATION) -r $* -o $(ARTIFACTS)/publish/$* -nologo -clp:ErrorsOnly \
		$(if $(AOT_LINKER),-p:CppCompilerAndLinker=$(AOT_LINKER),-p:NativeAot=false)
	chmod 0755 $(ARTIFACTS)/publish/$*/$(call plugin_exe,$*)
	tar --owner=0 --group=0 --numeric-owner -C $(ARTIFACTS)/publish/$* -czf \
		$(DIST)/pulumi-resource-coder-v$(VERSION)-$(call pulumi_os,$*)-$(call pulumi_arch,$*).tar.gz $(call plugin_exe,$*)

## dist-sdk: the SDK package (and its symbols) at the provider's version
dist-sdk:
	@mkdir -p $(DIST)
	$(DOTNET) pack sdk/dotnet -c $(CONFIGURATION) -p:Version=$(VERSION) -o $(DIST) -nologo -clp:ErrorsOnly

## test-dist: the archives' layout (every platform) and the linux-x64 plugin started with no .NET installed; then the
## end-to-end tests once more against the NativeAOT plugin the linux-x64 archive holds (its reflection is not the JIT's)
test-dist: dist
	DIST_DIR=$(DIST) $(DOTNET) test tests/Pulumi.Coder.Dist.Tests -c $(CONFIGURATION) -nologo
	PULUMI_CODER_PLUGIN=$(ARTIFACTS)/publish/linux-x64/pulumi-resource-coder $(DOTNET) test tests/Pulumi.Coder.Provider.Tests \
		-c $(CONFIGURATION) --no-build -nologo

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

## bench: one table of figures, each beside its baseline measured in the same run (BENCH_ARGS="7 only=startup,first-call")
# The plugin as users get it (the very publish dist-plugin-linux-x64 archives), and the start-up baselines published
# the same way.
BENCH_PUBLISHED := $(ARTIFACTS)/bench
bench: dist-plugin-linux-x64
	@mkdir -p $(BENCH_PUBLISHED)
	ln -sfn $(ARTIFACTS)/publish/linux-x64 $(BENCH_PUBLISHED)/plugin
	$(DOTNET) publish provider/Pulumi.Coder.Provider -c $(CONFIGURATION) -r linux-x64 -p:NativeAot=false -o $(BENCH_PUBLISHED)/plugin-r2r -nologo -clp:ErrorsOnly
	$(DOTNET) publish bench/Pulumi.Coder.Bench.EmptyProvider -c Release -r linux-x64 -o $(BENCH_PUBLISHED)/empty -nologo -clp:ErrorsOnly
	$(DOTNET) publish bench/Pulumi.Coder.Bench.BareGrpc -c Release -r linux-x64 -o $(BENCH_PUBLISHED)/bare -nologo -clp:ErrorsOnly
	$(DOTNET) run --project bench/Pulumi.Coder.Bench -c Release -- published=$(BENCH_PUBLISHED) $(BENCH_ARGS)

clean:
	$(DOTNET) clean Pulumi.Coder.sln -nologo -v q
	rm -rf bin artifacts
	find . -name bin -o -name obj -type d -prune -exec rm -rf {} +
