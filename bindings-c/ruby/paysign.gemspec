# frozen_string_literal: true

Gem::Specification.new do |s|
  s.name = "paysign"
  s.version = "0.1.0"
  s.summary = "Visa X-Pay-Token, CyberSource HTTP Signature and PaySimple PSSERVER signing and verification"
  s.description = "A Fiddle wrapper of libpaysign (install the C library first: make -C bindings-c install; " \
                  "PAYSIGN_LIB or LD_LIBRARY_PATH locates it)."
  s.licenses = ["MIT", "Apache-2.0"]
  s.authors = ["paysign"]
  s.files = ["lib/paysign.rb"]
  s.required_ruby_version = ">= 3.0"
  s.add_dependency "fiddle", "~> 1.0"
end
