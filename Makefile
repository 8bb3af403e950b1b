# `make dist`: build the app for this OS, run its frozen self-test, package it (see build/dist.py,
# which Windows users without make run directly: python build\dist.py).
ifeq ($(OS),Windows_NT)
VENV_PYTHON := .venv/Scripts/python.exe
else
VENV_PYTHON := .venv/bin/python
endif
# The project's virtual environment when it exists; otherwise build/dist.py sets it up first.
PYTHON ?= $(if $(wildcard $(VENV_PYTHON)),$(VENV_PYTHON),python3)

.PHONY: dist bundle self-test clean-dist

dist:
	$(PYTHON) build/dist.py

bundle:  ## only the bundle, no self-test or package
	$(PYTHON) build/dist.py --no-self-test --no-package

self-test:  ## the self-test from the source tree
	$(PYTHON) -m desktop_app --self-test

clean-dist:
	rm -rf dist build/linux/work build/windows/work build/macos/work
