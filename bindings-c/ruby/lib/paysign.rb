# frozen_string_literal: true

# paysign for Ruby over libpaysign (Fiddle, from the standard library):
# signing and verification of Visa X-Pay-Token, CyberSource HTTP Signature
# (and webhook v-c-signature) and PaySimple PSSERVER requests, explain and
# diagnose.
#
# Every rule lives in the library; this file only converts Ruby values and
# maps status codes to exceptions: a bad argument is a Paysign::Error (an
# ArgumentError whose #field names the argument), a request that does not
# verify a Paysign::VerificationError with a stable #reason. A required
# argument that is nil is a TypeError. Messages never contain a secret.
# Results are read from the library's objects (no text is parsed); received
# headers go in as two arrays.
#
# The library is $PAYSIGN_LIB (a full path to libpaysign.so) when that
# variable is set, else "libpaysign.so" as dlopen finds it: LD_LIBRARY_PATH,
# the ld.so cache, /usr/lib.
#
# Times are Integer Unix seconds, nil meaning now; a signer's time: is also a
# Time (to the nanosecond where a scheme signs a fraction) or the exact String
# to sign. Bodies are Strings of bytes. max_skew is seconds, nil meaning the
# default window.
require "fiddle"

module Paysign
  # A bad argument: one paysign cannot use. The message is "<field>: <problem>".
  class Error < ArgumentError
    # The argument the failure is about ("key_id", "date", "url", ...), or nil.
    attr_reader :field

    def initialize(message, field = nil)
      super(message)
      @field = field
    end
  end

  # A request that did not verify. #reason is a stable code: malformed_header,
  # missing_header, timestamp_out_of_window, signature_mismatch,
  # digest_mismatch, headers_list_mismatch, unsupported_algorithm,
  # unknown_key_id, unknown_access_id, unknown_key, duplicate_header, replayed,
  # replay_store_unavailable.
  class VerificationError < Error
    attr_reader :reason

    def initialize(message, reason)
      super(message, nil)
      @reason = reason
    end
  end

  # What a signer gives: the URL to send and the headers to add (a Hash, in
  # sending order).
  SignedRequest = Struct.new(:url, :headers)
  # One part of a signed message: its name, its value as signed, where it came from.
  Part = Struct.new(:name, :value, :why)
  # What a scheme signs: the exact bytes, their parts, the headers (when the
  # secret was given) and the text the paysign command prints.
  Explanation = Struct.new(:scheme, :signed, :parts, :headers, :text)
  # Whether a received value is right; if not, the ids of the known mistakes
  # that produce it (most likely first), what to fix, the correct value (or nil).
  Diagnosis = Struct.new(:valid, :mistakes, :message, :expected)
  # What a verifier accepted: scheme, the credential that matched, CyberSource's
  # merchant id (else nil), when it was signed (Unix seconds), what it covered.
  Verified = Struct.new(:scheme, :key_id, :merchant_id, :timestamp, :signed)

  # The library's status codes (paysign_status; a test checks them against paysign.h).
  STATUS = {
    ok: 0,
    null_argument: 1,
    invalid_utf8: 2,
    invalid_argument: 3,
    buffer_too_small: 4,
    verification_failed: 5,
    internal_error: 6,
  }.freeze

  NOW = -(2**63) # PAYSIGN_NOW and PAYSIGN_DEFAULT_MAX_SKEW
  private_constant :NOW

  # The C functions of paysign.h.
  module Lib
    P = Fiddle::TYPE_VOIDP
    SZ = Fiddle::TYPE_SIZE_T
    I64 = Fiddle::TYPE_INT64_T
    I32 = Fiddle::TYPE_INT32_T
    U32 = -Fiddle::TYPE_INT32_T
    V = Fiddle::TYPE_VOID

    @signatures = {}
    def self.fn(name, args, ret)
      @signatures[name] = [args, ret]
    end

    fn(:paysign_version, [], P)
    fn(:paysign_status_str, [I32], P)
    fn(:paysign_last_error, [P, SZ, P], I32)
    fn(:paysign_last_field, [P, SZ, P], I32)
    fn(:paysign_last_reason, [P, SZ, P], I32)
    fn(:paysign_x_pay_token, [P, P, P, P, SZ, I64, P, SZ, P], I32)
    fn(:paysign_cybersource_signature, [P, P, P, P, P, P, P, SZ, P, P], I32)
    fn(:paysign_paysimple_header, [P, P, P, P, SZ, P], I32)
    fn(:paysign_cybersource_webhook_signature, [P, P, P, SZ, I64, P, SZ, P], I32)
    fn(:paysign_verify_x_pay_token, [P, P, P, P, P, SZ, I64, I64], I32)
    fn(:paysign_verify_cybersource_signature, [P, P, P, SZ, P, P, P, SZ, I64, I64], I32)
    fn(:paysign_verify_paysimple_header, [P, P, I64, I64], I32)
    fn(:paysign_hmac_sha256, [P, SZ, P, SZ, P, SZ, P], I32)
    fn(:paysign_digest, [P, SZ, P, SZ, P], I32)
    fn(:paysign_imf_fixdate, [I64, P, SZ, P], I32)
    fn(:paysign_signed_url, [P], P)
    fn(:paysign_signed_header_count, [P], SZ)
    fn(:paysign_signed_header_name, [P, SZ], P)
    fn(:paysign_signed_header_value, [P, SZ], P)
    fn(:paysign_signed_free, [P], V)
    fn(:paysign_x_pay_signer_new, [P, P, I32, P], I32)
    fn(:paysign_x_pay_signer_sign, [P, P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_x_pay_signer_api_key, [P], P)
    fn(:paysign_x_pay_signer_full_path, [P], I32)
    fn(:paysign_x_pay_signer_free, [P], V)
    fn(:paysign_cybersource_signer_new, [P, P, P, P], I32)
    fn(:paysign_cybersource_signer_sign, [P, P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_cybersource_signer_merchant_id, [P], P)
    fn(:paysign_cybersource_signer_key_id, [P], P)
    fn(:paysign_cybersource_signer_free, [P], V)
    fn(:paysign_paysimple_signer_new, [P, P, P], I32)
    fn(:paysign_paysimple_signer_sign, [P, P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_paysimple_signer_username, [P], P)
    fn(:paysign_paysimple_signer_free, [P], V)
    fn(:paysign_explain_x_pay_token, [P, P, P, P, P, SZ, I32, I64, U32, P, P], I32)
    fn(:paysign_explain_cybersource_signature, [P, P, P, P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_explain_paysimple_header, [P, P, I64, U32, P, P], I32)
    fn(:paysign_explain_cybersource_webhook, [P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_explanation_scheme, [P], P)
    fn(:paysign_explanation_signed, [P, P], P)
    fn(:paysign_explanation_part_count, [P], SZ)
    fn(:paysign_explanation_part_name, [P, SZ], P)
    fn(:paysign_explanation_part_value, [P, SZ], P)
    fn(:paysign_explanation_part_why, [P, SZ], P)
    fn(:paysign_explanation_header_count, [P], SZ)
    fn(:paysign_explanation_header_name, [P, SZ], P)
    fn(:paysign_explanation_header_value, [P, SZ], P)
    fn(:paysign_explanation_text, [P], P)
    fn(:paysign_explanation_free, [P], V)
    fn(:paysign_diagnose_x_pay_token, [P, P, P, P, P, P, SZ, I32, I64, U32, P, P], I32)
    fn(:paysign_diagnose_cybersource_signature, [P, P, SZ, P, P, P, P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_diagnose_paysimple_header, [P, P, P, P, P], I32)
    fn(:paysign_diagnose_cybersource_webhook, [P, P, SZ, P, P, P, SZ, I64, U32, P, P], I32)
    fn(:paysign_diagnosis_valid, [P], I32)
    fn(:paysign_diagnosis_mistake_count, [P], SZ)
    fn(:paysign_diagnosis_mistake, [P, SZ], P)
    fn(:paysign_diagnosis_message, [P], P)
    fn(:paysign_diagnosis_expected, [P], P)
    fn(:paysign_diagnosis_free, [P], V)
    fn(:paysign_x_pay_verifier_new, [P, P, SZ, I32, I64, I32, P], I32)
    fn(:paysign_cybersource_verifier_new, [P, P, SZ, I64, I32, P], I32)
    fn(:paysign_paysimple_verifier_new, [P, P, SZ, I64, I32, P], I32)
    fn(:paysign_verifier_verify, [P, P, P, P, P, SZ, P, SZ, I64, P], I32)
    fn(:paysign_verifier_free, [P], V)
    fn(:paysign_cybersource_webhook_verifier_new, [P, P, SZ, I64, I32, P], I32)
    fn(:paysign_webhook_verifier_verify, [P, P, P, SZ, P, SZ, I64, P], I32)
    fn(:paysign_webhook_verifier_free, [P], V)
    fn(:paysign_verified_scheme, [P], P)
    fn(:paysign_verified_key_id, [P], P)
    fn(:paysign_verified_merchant_id, [P], P)
    fn(:paysign_verified_timestamp, [P], I64)
    fn(:paysign_verified_signed_count, [P], SZ)
    fn(:paysign_verified_signed, [P, SZ], P)
    fn(:paysign_verified_free, [P], V)

    @functions = nil
    @mutex = Mutex.new

    def self.call(name, *args)
      functions.fetch(name).call(*args)
    end

    def self.functions
      @functions || @mutex.synchronize do
        @functions ||= begin
          path = ENV["PAYSIGN_LIB"]
          handle = Fiddle.dlopen(path.nil? || path.empty? ? "libpaysign.so" : path)
          @signatures.to_h do |name, (args, ret)|
            [name, Fiddle::Function.new(handle[name.to_s], args, ret, need_gvl: true)]
          end
        end
      end
    end
  end
  private_constant :Lib

  # The C memory of one call: NUL-terminated copies, arrays of them, out
  # pointers. Each is a Fiddle::Pointer the GC frees; the Args keeps them
  # alive until the call is done.
  class Args
    def initialize
      @keep = []
    end

    # A NUL-terminated UTF-8 copy (binary Strings go as they are: the library
    # checks UTF-8). C text cannot carry NUL: such a String is refused.
    def text(value, field, optional: false)
      return nil if value.nil? && optional

      memory(Args.utf8(value, field))
    end

    # A copy of bytes, for a body or a key (nil when empty).
    def bytes(value)
      str = Args.bytes(value)
      str.empty? ? nil : memory(str, nul: false)
    end

    # A C array of texts (nil when empty).
    def array(items, field)
      return nil if items.empty?

      ptrs = items.map { |item| text(item, field).to_i }
      memory(ptrs.pack("J*"), nul: false)
    end

    # [names, values, count] of received headers: a Hash or [name, value] pairs.
    def headers(headers)
      raise TypeError, "headers: nil" if headers.nil?

      pairs = headers.to_a
      [array(pairs.map(&:first), "header_names"), array(pairs.map(&:last), "header_values"), pairs.size]
    end

    # [ids, secrets, count] of a keyring Hash (id => secret).
    def keyring(keys)
      raise TypeError, "keys: want a Hash" unless keys.respond_to?(:to_h)

      pairs = keys.to_h.to_a
      [array(pairs.map(&:first), "key_ids"), array(pairs.map(&:last), "secrets"), pairs.size]
    end

    # A place for the library to store a pointer or a size_t.
    def out
      memory("\0" * Fiddle::SIZEOF_VOIDP, nul: false)
    end

    def self.utf8(value, field)
      str = String.try_convert(value)
      raise TypeError, "#{field}: a #{value.class}, want a String" if str.nil?

      str = str.encode(Encoding::UTF_8) unless str.encoding == Encoding::BINARY
      str = str.b
      raise Error.new("#{field}: contains U+0000, which C text cannot carry", field) if str.include?("\0")

      str
    rescue EncodingError
      raise Error.new("#{field}: cannot be converted to UTF-8", field)
    end

    def self.bytes(value)
      return "".b if value.nil?

      str = String.try_convert(value)
      raise TypeError, "body: want a String of bytes" if str.nil?

      str.b
    end

    private

    def memory(bytes, nul: true)
      size = bytes.bytesize + (nul ? 1 : 0)
      ptr = Fiddle::Pointer.malloc([size, 1].max, Fiddle::RUBY_FREE)
      ptr[0, bytes.bytesize] = bytes unless bytes.empty?
      ptr[bytes.bytesize] = 0 if nul
      @keep << ptr
      ptr
    end
  end
  private_constant :Args

  # Conversions of results and failures (internal).
  module Native
    module_function

    def str(ptr)
      ptr.null? ? nil : ptr.to_s.force_encoding(Encoding::UTF_8)
    end

    def size(out)
      out[0, Fiddle::SIZEOF_SIZE_T].unpack1("J")
    end

    def pointer(out)
      Fiddle::Pointer.new(out[0, Fiddle::SIZEOF_VOIDP].unpack1("J"))
    end

    # Runs the block with an out pointer, checks the status, returns the object.
    def result(args)
      out = args.out
      check(yield(out))
      pointer(out)
    end

    # One text into a buffer: a size query first, then the size the library reported.
    def output
      len = Fiddle::Pointer.malloc(Fiddle::SIZEOF_SIZE_T, Fiddle::RUBY_FREE)
      status = yield nil, 0, len
      while status == STATUS[:buffer_too_small]
        cap = size(len) + 1
        buf = Fiddle::Pointer.malloc(cap, Fiddle::RUBY_FREE)
        status = yield buf, cap, len
        return buf[0, size(len)].force_encoding(Encoding::UTF_8) if status == STATUS[:ok]
      end
      check(status)
      raise "paysign: no text and no failure"
    end

    def list(obj, count, item)
      Array.new(Lib.call(count, obj)) { |i| str(Lib.call(item, obj, i)) }
    end

    def signed(ptr)
      names = list(ptr, :paysign_signed_header_count, :paysign_signed_header_name)
      values = list(ptr, :paysign_signed_header_count, :paysign_signed_header_value)
      SignedRequest.new(str(Lib.call(:paysign_signed_url, ptr)), names.zip(values).to_h)
    ensure
      Lib.call(:paysign_signed_free, ptr)
    end

    def explanation(ptr)
      len = Fiddle::Pointer.malloc(Fiddle::SIZEOF_SIZE_T, Fiddle::RUBY_FREE)
      bytes = Lib.call(:paysign_explanation_signed, ptr, len)
      parts = Array.new(Lib.call(:paysign_explanation_part_count, ptr)) do |i|
        Part.new(*%i[paysign_explanation_part_name paysign_explanation_part_value paysign_explanation_part_why]
                   .map { |f| str(Lib.call(f, ptr, i)) })
      end
      names = list(ptr, :paysign_explanation_header_count, :paysign_explanation_header_name)
      values = list(ptr, :paysign_explanation_header_count, :paysign_explanation_header_value)
      Explanation.new(str(Lib.call(:paysign_explanation_scheme, ptr)), size(len).zero? ? "".b : bytes[0, size(len)],
                      parts, names.zip(values).to_h, str(Lib.call(:paysign_explanation_text, ptr)))
    ensure
      Lib.call(:paysign_explanation_free, ptr)
    end

    def diagnosis(ptr)
      Diagnosis.new(Lib.call(:paysign_diagnosis_valid, ptr) != 0,
                    list(ptr, :paysign_diagnosis_mistake_count, :paysign_diagnosis_mistake),
                    str(Lib.call(:paysign_diagnosis_message, ptr)), str(Lib.call(:paysign_diagnosis_expected, ptr)))
    ensure
      Lib.call(:paysign_diagnosis_free, ptr)
    end

    def verified(ptr)
      Verified.new(str(Lib.call(:paysign_verified_scheme, ptr)), str(Lib.call(:paysign_verified_key_id, ptr)),
                   str(Lib.call(:paysign_verified_merchant_id, ptr)), Lib.call(:paysign_verified_timestamp, ptr),
                   list(ptr, :paysign_verified_signed_count, :paysign_verified_signed))
    ensure
      Lib.call(:paysign_verified_free, ptr)
    end

    # [unix_time, nanos, time_text] of a time: nil (now), Integer Unix seconds,
    # a Time, or the exact String to sign (the webhook's: Unix milliseconds).
    def time(value, args)
      case value
      when nil then [NOW, 0, nil]
      when Integer then [value, 0, nil]
      when Time then [value.to_i, value.nsec, nil]
      when String then [NOW, 0, args.text(value, "time_text")]
      else raise TypeError, "time: a #{value.class}, want nil, an Integer, a Time or a String"
      end
    end

    def seconds(value, field)
      return NOW if value.nil?
      raise TypeError, "#{field}: a #{value.class}, want an Integer" unless value.is_a?(Integer)

      value
    end

    # A status as an exception, with this thread's last failure (a Ruby Thread
    # is one OS thread, which Fiddle calls on).
    def check(status)
      return nil if status == STATUS[:ok]

      message = last(:paysign_last_error)
      field = last(:paysign_last_field)
      case status
      when STATUS[:null_argument] then raise TypeError, message
      when STATUS[:invalid_utf8], STATUS[:invalid_argument] then raise Error.new(message, field.empty? ? nil : field)
      when STATUS[:verification_failed] then raise VerificationError.new(message, last(:paysign_last_reason))
      else raise "paysign: #{str(Lib.call(:paysign_status_str, status))}: #{message}"
      end
    end

    def last(getter)
      output { |buf, cap, len| Lib.call(getter, buf, cap, len) }
    rescue StandardError
      ""
    end

    # The shared half of the signers' sign.
    def sign(function, signer, method, url, body, time)
      a = Args.new
      m = a.text(method, "method")
      u = a.text(url, "url")
      b = Args.bytes(body)
      bp = a.bytes(b)
      t = time(time, a)
      signed(result(a) { |out| Lib.call(function, signer, m, u, bp, b.bytesize, *t, out) })
    end

    # Frees a library object when its Ruby owner is collected.
    def finalizer(free, ptr)
      address = ptr.to_i
      proc { Lib.call(free, address) }
    end
  end
  private_constant :Native

  # A library object owned by a Ruby object (signers, verifiers).
  class Handle
    def initialize(free, ptr)
      @ptr = ptr
      ObjectSpace.define_finalizer(self, Native.finalizer(free, ptr))
    end
  end
  private_constant :Handle

  # Signs Visa X-Pay requests for one API key and shared secret. Thread-safe.
  class XPaySigner < Handle
    def initialize(api_key, shared_secret, full_path: false)
      a = Args.new
      k = a.text(api_key, "api_key")
      s = a.text(shared_secret, "shared_secret")
      super(:paysign_x_pay_signer_free,
            Native.result(a) { |out| Lib.call(:paysign_x_pay_signer_new, k, s, full_path ? 1 : 0, out) })
    end

    def api_key
      Native.str(Lib.call(:paysign_x_pay_signer_api_key, @ptr))
    end

    def full_path?
      Lib.call(:paysign_x_pay_signer_full_path, @ptr) != 0
    end

    # The URL to send (query sorted, apikey added) and x-pay-token, Accept, Content-Type.
    def sign(method, url, body = "", time: nil)
      Native.sign(:paysign_x_pay_signer_sign, @ptr, method, url, body, time)
    end
  end

  # Signs CyberSource requests for one merchant. Thread-safe.
  class CyberSourceSigner < Handle
    def initialize(merchant_id, key_id, shared_secret)
      a = Args.new
      m = a.text(merchant_id, "merchant_id")
      k = a.text(key_id, "key_id")
      s = a.text(shared_secret, "shared_secret")
      super(:paysign_cybersource_signer_free,
            Native.result(a) { |out| Lib.call(:paysign_cybersource_signer_new, m, k, s, out) })
    end

    def merchant_id
      Native.str(Lib.call(:paysign_cybersource_signer_merchant_id, @ptr))
    end

    def key_id
      Native.str(Lib.call(:paysign_cybersource_signer_key_id, @ptr))
    end

    # The URL to send and v-c-merchant-id, Date, Host, Digest (POST/PUT/PATCH), Signature.
    def sign(method, url, body = "", time: nil)
      Native.sign(:paysign_cybersource_signer_sign, @ptr, method, url, body, time)
    end
  end

  # Signs PaySimple requests for one API user. Thread-safe.
  class PaySimpleSigner < Handle
    def initialize(username, api_key)
      a = Args.new
      u = a.text(username, "username")
      k = a.text(api_key, "api_key")
      super(:paysign_paysimple_signer_free,
            Native.result(a) { |out| Lib.call(:paysign_paysimple_signer_new, u, k, out) })
    end

    def username
      Native.str(Lib.call(:paysign_paysimple_signer_username, @ptr))
    end

    # The URL to send and Authorization.
    def sign(method, url, body = "", time: nil)
      Native.sign(:paysign_paysimple_signer_sign, @ptr, method, url, body, time)
    end
  end

  # Verifies whole requests of one scheme against a keyring (id => secret),
  # within the scheme's window, refusing replays (an in-process memory of
  # 100000 credentials, shared by every thread).
  class Verifier < Handle
    def initialize(keys)
      a = Args.new
      ids, secrets, count = a.keyring(keys)
      super(:paysign_verifier_free, Native.result(a) { |out| yield ids, secrets, count, out })
    end

    # Verifies a request as received: method, URL (absolute or the request
    # target), every header (a Hash, or [name, value] pairs to keep
    # duplicates), the exact body; now: Unix seconds or nil.
    def verify(method, url, headers, body = "", now: nil)
      a = Args.new
      m = a.text(method, "method")
      u = a.text(url, "url")
      names, values, count = a.headers(headers)
      b = Args.bytes(body)
      bp = a.bytes(b)
      t = Native.seconds(now, "now")
      Native.verified(Native.result(a) do |out|
        Lib.call(:paysign_verifier_verify, @ptr, m, u, names, values, count, bp, b.bytesize, t, out)
      end)
    end
  end
  private_constant :Verifier

  # X-Pay-Token verifier; keys: API key => shared secret; window: Visa's 8 minutes.
  class XPayVerifier < Verifier
    def initialize(keys, full_path: false, max_skew: nil, replay: true)
      skew = Native.seconds(max_skew, "max_skew")
      super(keys) do |ids, secrets, count, out|
        Lib.call(:paysign_x_pay_verifier_new, ids, secrets, count, full_path ? 1 : 0, skew, replay ? 1 : 0, out)
      end
    end
  end

  # CyberSource verifier; keys: key id => base64 shared secret; window: 5 minutes.
  class CyberSourceVerifier < Verifier
    def initialize(keys, max_skew: nil, replay: true)
      skew = Native.seconds(max_skew, "max_skew")
      super(keys) do |ids, secrets, count, out|
        Lib.call(:paysign_cybersource_verifier_new, ids, secrets, count, skew, replay ? 1 : 0, out)
      end
    end
  end

  # PaySimple verifier; keys: username => API key; window: 5 minutes.
  class PaySimpleVerifier < Verifier
    def initialize(keys, max_skew: nil, replay: true)
      skew = Native.seconds(max_skew, "max_skew")
      super(keys) do |ids, secrets, count, out|
        Lib.call(:paysign_paysimple_verifier_new, ids, secrets, count, skew, replay ? 1 : 0, out)
      end
    end
  end

  # CyberSource webhook notification verifier; keys: key id => base64 key.
  class CyberSourceWebhookVerifier < Handle
    def initialize(keys, max_skew: nil, replay: true)
      a = Args.new
      ids, secrets, count = a.keyring(keys)
      skew = Native.seconds(max_skew, "max_skew")
      super(:paysign_webhook_verifier_free, Native.result(a) do |out|
        Lib.call(:paysign_cybersource_webhook_verifier_new, ids, secrets, count, skew, replay ? 1 : 0, out)
      end)
    end

    # Verifies a notification from its headers and raw body, as received.
    def verify(headers, body, now: nil)
      a = Args.new
      names, values, count = a.headers(headers)
      b = Args.bytes(body)
      bp = a.bytes(b)
      t = Native.seconds(now, "now")
      Native.verified(Native.result(a) do |out|
        Lib.call(:paysign_webhook_verifier_verify, @ptr, names, values, count, bp, b.bytesize, t, out)
      end)
    end
  end

  module_function

  # The library's version, e.g. "0.1.0".
  def version
    Native.str(Lib.call(:paysign_version))
  end

  # The x-pay-token value "xv2:<timestamp>:<hex>" over exactly these parts.
  def x_pay_token(shared_secret, resource_path, query_string, body = "", timestamp: nil)
    a = Args.new
    s = a.text(shared_secret, "shared_secret")
    p = a.text(resource_path, "resource_path")
    q = a.text(query_string, "query_string")
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.seconds(timestamp, "timestamp")
    Native.output { |out, cap, len| Lib.call(:paysign_x_pay_token, s, p, q, bp, b.bytesize, t, out, cap, len) }
  end

  # The CyberSource headers to send, in order (v-c-merchant-id, Date, Host,
  # Digest for POST/PUT/PATCH, Signature), as a Hash. date: an IMF-fixdate,
  # or nil for now.
  def cybersource_signature(key_id:, shared_secret:, merchant_id:, host:, method:, request_target:,
                            body: "", date: nil)
    a = Args.new
    args = [a.text(key_id, "key_id"), a.text(shared_secret, "shared_secret"), a.text(merchant_id, "merchant_id"),
            a.text(host, "host"), a.text(method, "method"), a.text(request_target, "request_target")]
    b = Args.bytes(body)
    bp = a.bytes(b)
    d = a.text(date, "date", optional: true)
    Native.signed(Native.result(a) do |out|
      Lib.call(:paysign_cybersource_signature, *args, bp, b.bytesize, d, out)
    end).headers
  end

  # The PaySimple Authorization value "PSSERVER accessid=...; timestamp=...;
  # signature=...". timestamp: ISO-8601 text signed as given, or nil for now.
  def paysimple_header(username, api_key, timestamp: nil)
    a = Args.new
    u = a.text(username, "username")
    k = a.text(api_key, "api_key")
    t = a.text(timestamp, "timestamp", optional: true)
    Native.output { |out, cap, len| Lib.call(:paysign_paysimple_header, u, k, t, out, cap, len) }
  end

  # The webhook v-c-signature value of a raw body; timestamp: Unix
  # milliseconds, or nil for now.
  def cybersource_webhook_signature(key_id, key, body, timestamp: nil)
    a = Args.new
    i = a.text(key_id, "key_id")
    k = a.text(key, "key")
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.seconds(timestamp, "timestamp")
    Native.output do |out, cap, len|
      Lib.call(:paysign_cybersource_webhook_signature, i, k, bp, b.bytesize, t, out, cap, len)
    end
  end

  # HMAC-SHA256 of data under key: 32 bytes (a binary String).
  def hmac_sha256(key, data)
    a = Args.new
    k = Args.bytes(key)
    d = Args.bytes(data)
    kp = a.bytes(k)
    dp = a.bytes(d)
    mac = Fiddle::Pointer.malloc(32, Fiddle::RUBY_FREE)
    len = a.out
    Native.check(Lib.call(:paysign_hmac_sha256, kp, k.bytesize, dp, d.bytesize, mac, 32, len))
    mac[0, Native.size(len)]
  end

  # CyberSource's Digest value of a body: "SHA-256=<base64>".
  def digest(body)
    a = Args.new
    b = Args.bytes(body)
    bp = a.bytes(b)
    Native.output { |out, cap, len| Lib.call(:paysign_digest, bp, b.bytesize, out, cap, len) }
  end

  # Unix seconds as an IMF-fixdate: "Thu, 18 Jul 2019 00:18:03 GMT".
  def imf_fixdate(unix_time)
    t = Native.seconds(unix_time, "unix_time")
    Native.output { |out, cap, len| Lib.call(:paysign_imf_fixdate, t, out, cap, len) }
  end

  # Verifies a received X-Pay-Token; raises VerificationError (#reason) when it
  # does not verify.
  def verify_x_pay_token(shared_secret, token, resource_path, query_string, body = "", now: nil, max_skew: nil)
    a = Args.new
    args = [a.text(shared_secret, "shared_secret"), a.text(token, "token"), a.text(resource_path, "resource_path"),
            a.text(query_string, "query_string")]
    b = Args.bytes(body)
    bp = a.bytes(b)
    Native.check(Lib.call(:paysign_verify_x_pay_token, *args, bp, b.bytesize, Native.seconds(now, "now"),
                          Native.seconds(max_skew, "max_skew")))
  end

  # Verifies a received CyberSource request; headers: the received headers, a
  # Hash (or pairs) of name => value, names in any case, other headers allowed.
  def verify_cybersource_signature(shared_secret:, headers:, method:, request_target:, body: "", now: nil,
                                   max_skew: nil)
    a = Args.new
    s = a.text(shared_secret, "shared_secret")
    names, values, count = a.headers(headers)
    m = a.text(method, "method")
    t = a.text(request_target, "request_target")
    b = Args.bytes(body)
    bp = a.bytes(b)
    Native.check(Lib.call(:paysign_verify_cybersource_signature, s, names, values, count, m, t, bp, b.bytesize,
                          Native.seconds(now, "now"), Native.seconds(max_skew, "max_skew")))
  end

  # Verifies a received PaySimple Authorization value (used exactly, not
  # trimmed); raises VerificationError (#reason) when it does not verify.
  def verify_paysimple_header(header, api_key, now: nil, max_skew: nil)
    a = Args.new
    Native.check(Lib.call(:paysign_verify_paysimple_header, a.text(header, "header"), a.text(api_key, "api_key"),
                          Native.seconds(now, "now"), Native.seconds(max_skew, "max_skew")))
  end

  # What X-Pay signs for this request; shared_secret nil explains it without the token.
  def explain_x_pay_token(api_key:, method:, url:, shared_secret: nil, body: "", full_path: false, time: nil)
    a = Args.new
    k = a.text(api_key, "api_key")
    s = a.text(shared_secret, "shared_secret", optional: true)
    m = a.text(method, "method")
    u = a.text(url, "url")
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.time(time, a)
    Native.explanation(Native.result(a) do |out|
      Lib.call(:paysign_explain_x_pay_token, k, s, m, u, bp, b.bytesize, full_path ? 1 : 0, *t, out)
    end)
  end

  # What CyberSource signs; shared_secret nil explains it without the headers.
  def explain_cybersource_signature(merchant_id:, key_id:, method:, url:, shared_secret: nil, body: "", time: nil)
    a = Args.new
    args = [a.text(merchant_id, "merchant_id"), a.text(key_id, "key_id"),
            a.text(shared_secret, "shared_secret", optional: true), a.text(method, "method"), a.text(url, "url")]
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.time(time, a)
    Native.explanation(Native.result(a) do |out|
      Lib.call(:paysign_explain_cybersource_signature, *args, bp, b.bytesize, *t, out)
    end)
  end

  # What PaySimple signs; api_key nil explains it without the header.
  def explain_paysimple_header(username:, api_key: nil, time: nil)
    a = Args.new
    u = a.text(username, "username")
    k = a.text(api_key, "api_key", optional: true)
    t = Native.time(time, a)
    Native.explanation(Native.result(a) { |out| Lib.call(:paysign_explain_paysimple_header, u, k, *t, out) })
  end

  # What a webhook notification's v-c-signature signs ("<t>.<body>", t in Unix
  # milliseconds); key nil explains it without the header. time: a String is
  # decimal Unix milliseconds.
  def explain_cybersource_webhook(key_id:, key: nil, body: "", time: nil)
    a = Args.new
    i = a.text(key_id, "key_id")
    k = a.text(key, "key", optional: true)
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.time(time, a)
    Native.explanation(Native.result(a) do |out|
      Lib.call(:paysign_explain_cybersource_webhook, i, k, bp, b.bytesize, *t, out)
    end)
  end

  # Which known mistakes produced this token; time: when it was made, if known.
  def diagnose_x_pay_token(token, api_key:, shared_secret:, method:, url:, body: "", full_path: false, time: nil)
    a = Args.new
    args = [a.text(token, "token"), a.text(api_key, "api_key"), a.text(shared_secret, "shared_secret"),
            a.text(method, "method"), a.text(url, "url")]
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.time(time, a)
    Native.diagnosis(Native.result(a) do |out|
      Lib.call(:paysign_diagnose_x_pay_token, *args, bp, b.bytesize, full_path ? 1 : 0, *t, out)
    end)
  end

  # Which known mistakes produced the CyberSource headers received.
  def diagnose_cybersource_signature(headers, merchant_id:, key_id:, shared_secret:, method:, url:, body: "",
                                     time: nil)
    a = Args.new
    names, values, count = a.headers(headers)
    args = [a.text(merchant_id, "merchant_id"), a.text(key_id, "key_id"), a.text(shared_secret, "shared_secret"),
            a.text(method, "method"), a.text(url, "url")]
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.time(time, a)
    Native.diagnosis(Native.result(a) do |out|
      Lib.call(:paysign_diagnose_cybersource_signature, names, values, count, *args, bp, b.bytesize, *t, out)
    end)
  end

  # Which known mistakes produced the webhook headers received with this raw
  # body; time stands in for the notification's time only when its t= is
  # unreadable (a String: decimal Unix milliseconds).
  def diagnose_cybersource_webhook(headers, key_id:, key:, body: "", time: nil)
    a = Args.new
    names, values, count = a.headers(headers)
    i = a.text(key_id, "key_id")
    k = a.text(key, "key")
    b = Args.bytes(body)
    bp = a.bytes(b)
    t = Native.time(time, a)
    Native.diagnosis(Native.result(a) do |out|
      Lib.call(:paysign_diagnose_cybersource_webhook, names, values, count, i, k, bp, b.bytesize, *t, out)
    end)
  end

  # Which known mistakes produced this Authorization; signed_timestamp: the text signed, if known.
  def diagnose_paysimple_header(authorization, username:, api_key:, signed_timestamp: nil)
    a = Args.new
    args = [a.text(authorization, "authorization"), a.text(username, "username"), a.text(api_key, "api_key"),
            a.text(signed_timestamp, "signed_timestamp", optional: true)]
    Native.diagnosis(Native.result(a) { |out| Lib.call(:paysign_diagnose_paysimple_header, *args, out) })
  end

end
