# frozen_string_literal: true

# paysign for Ruby over libpaysign (Fiddle, from the standard library):
# signing and verification of Visa X-Pay-Token, CyberSource HTTP Signature and
# PaySimple PSSERVER requests.
#
# Every rule lives in the library; this file only converts Ruby values and
# maps status codes to exceptions: a bad argument is a Paysign::Error (an
# ArgumentError whose #field names the argument), a request that does not
# verify a Paysign::VerificationError with a stable #reason. A required
# argument that is nil is a TypeError. Messages never contain a secret.
#
# The library is $PAYSIGN_LIB (a full path to libpaysign.so) when that
# variable is set, else "libpaysign.so" as dlopen finds it: LD_LIBRARY_PATH,
# the ld.so cache, /usr/lib.
#
# Times are Integer Unix seconds, nil meaning now. Bodies are Strings of
# bytes. max_skew is seconds, nil meaning the library's default (300).
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
  # unknown_key_id or unknown_access_id.
  class VerificationError < Error
    attr_reader :reason

    def initialize(message, reason)
      super(message, nil)
      @reason = reason
    end
  end

  # What a request signer gives: the URL to send and the headers to add
  # (a Hash, in sending order).
  SignedRequest = Struct.new(:url, :headers)

  # The C functions of paysign.h.
  module Lib
    P = Fiddle::TYPE_VOIDP
    SZ = Fiddle::TYPE_SIZE_T
    I64 = Fiddle::TYPE_INT64_T
    I32 = Fiddle::TYPE_INT32_T
    U32 = -Fiddle::TYPE_INT32_T
    OUT = [P, SZ, P].freeze
    SIGNATURES = {
      paysign_version: [[], P],
      paysign_last_error: [OUT],
      paysign_last_field: [OUT],
      paysign_last_reason: [OUT],
      paysign_x_pay_token: [[P, P, P, P, SZ, I64, *OUT]],
      paysign_cybersource_signature: [[P, P, P, P, P, P, P, SZ, P, *OUT]],
      paysign_paysimple_header: [[P, P, P, *OUT]],
      paysign_verify_x_pay_token: [[P, P, P, P, P, SZ, I64, I64]],
      paysign_verify_cybersource_signature: [[P, P, P, P, P, SZ, I64, I64]],
      paysign_verify_paysimple_header: [[P, P, I64, I64]],
      paysign_x_pay_sign_request: [[P, P, P, P, P, SZ, I64, I32, *OUT, *OUT]],
      paysign_cybersource_sign_request: [[P, P, P, P, P, P, SZ, I64, *OUT, *OUT]],
      paysign_paysimple_sign_request: [[P, P, P, P, P, SZ, I64, U32, *OUT, *OUT]],
      paysign_hmac_sha256: [[P, SZ, P, SZ, *OUT]],
    }.freeze

    @functions = nil
    @mutex = Mutex.new

    def self.[](name)
      functions.fetch(name)
    end

    def self.functions
      @functions || @mutex.synchronize do
        @functions ||= begin
          path = ENV["PAYSIGN_LIB"]
          handle = Fiddle.dlopen(path.nil? || path.empty? ? "libpaysign.so" : path)
          SIGNATURES.to_h do |name, (args, ret)|
            # need_gvl: the Ruby Strings passed as buffers stay put (no GC in
            # another thread during the call); the calls are short.
            [name, Fiddle::Function.new(handle[name.to_s], args, ret || I32, need_gvl: true)]
          end
        end
      end
    end
  end
  private_constant :Lib

  NOW = -(2**63) # PAYSIGN_NOW and PAYSIGN_DEFAULT_MAX_SKEW
  private_constant :NOW
  OK = 0
  NULL_ARGUMENT = 1
  INVALID_UTF8 = 2
  INVALID_ARGUMENT = 3
  BUFFER_TOO_SMALL = 4
  VERIFICATION_FAILED = 5
  private_constant :OK, :NULL_ARGUMENT, :INVALID_UTF8, :INVALID_ARGUMENT, :BUFFER_TOO_SMALL,
                   :VERIFICATION_FAILED

  module_function

  # The library's version, e.g. "0.1.0".
  def version
    Lib[:paysign_version].call.to_s
  end

  # The x-pay-token value "xv2:<timestamp>:<hex>" over exactly these parts.
  def x_pay_token(shared_secret, resource_path, query_string, body = "", timestamp: nil)
    s = text(shared_secret, "shared_secret")
    p = text(resource_path, "resource_path")
    q = text(query_string, "query_string")
    b = bytes(body)
    output(64) do |out, cap, len|
      Lib[:paysign_x_pay_token].call(s, p, q, b, b.bytesize, time(timestamp), out, cap, len)
    end
  end

  # The CyberSource headers to send, in order (v-c-merchant-id, Date, Host,
  # Digest for POST/PUT/PATCH, Signature), as a Hash. date: an IMF-fixdate,
  # or nil for now.
  def cybersource_signature(key_id:, shared_secret:, merchant_id:, host:, method:, request_target:,
                            body: "", date: nil)
    args = [text(key_id, "key_id"), text(shared_secret, "shared_secret"), text(merchant_id, "merchant_id"),
            text(host, "host"), text(method, "method"), text(request_target, "request_target")]
    b = bytes(body)
    d = text(date, "date", optional: true)
    headers(output(512 + args.sum(&:bytesize)) do |out, cap, len|
      Lib[:paysign_cybersource_signature].call(*args, b, b.bytesize, d, out, cap, len)
    end)
  end

  # The PaySimple Authorization value "PSSERVER accessid=...; timestamp=...;
  # signature=...". timestamp: ISO-8601 text signed as given, or nil for now.
  def paysimple_header(username, api_key, timestamp: nil)
    u = text(username, "username")
    k = text(api_key, "api_key")
    t = text(timestamp, "timestamp", optional: true)
    output(192 + u.bytesize) { |out, cap, len| Lib[:paysign_paysimple_header].call(u, k, t, out, cap, len) }
  end

  # Signs a whole X-Pay request from its URL: the URL to send (query sorted,
  # apikey added) and the headers. full_path signs the whole path.
  def x_pay_sign_request(api_key:, shared_secret:, method:, url:, body: "", full_path: false, timestamp: nil)
    args = [text(api_key, "api_key"), text(shared_secret, "shared_secret"), text(method, "method"), text(url, "url")]
    b = bytes(body)
    outputs(args[0].bytesize + args[3].bytesize) do |*out|
      Lib[:paysign_x_pay_sign_request].call(*args, b, b.bytesize, time(timestamp), full_path ? 1 : 0, *out)
    end
  end

  # Signs a whole CyberSource request from its URL (Host and target from the URL).
  def cybersource_sign_request(merchant_id:, key_id:, shared_secret:, method:, url:, body: "", unix_time: nil)
    args = [text(merchant_id, "merchant_id"), text(key_id, "key_id"), text(shared_secret, "shared_secret"),
            text(method, "method"), text(url, "url")]
    b = bytes(body)
    outputs(args.sum(&:bytesize)) do |*out|
      Lib[:paysign_cybersource_sign_request].call(*args, b, b.bytesize, time(unix_time), *out)
    end
  end

  # Signs a whole PaySimple request at unix_time + nanos (UTC), or now when
  # unix_time is nil.
  def paysimple_sign_request(username:, api_key:, method:, url:, body: "", unix_time: nil, nanos: 0)
    args = [text(username, "username"), text(api_key, "api_key"), text(method, "method"), text(url, "url")]
    b = bytes(body)
    n = Integer(nanos)
    raise Error.new("nanos: does not fit a uint32_t", "nanos") unless n.between?(0, 0xFFFFFFFF)

    outputs(args[0].bytesize + args[3].bytesize) do |*out|
      Lib[:paysign_paysimple_sign_request].call(*args, b, b.bytesize, time(unix_time), n, *out)
    end
  end

  # HMAC-SHA256 of data under key: 32 bytes (a binary String).
  def hmac_sha256(key, data)
    k = bytes(key)
    d = bytes(data)
    mac = "\0".b * 32
    len = "\0".b * Fiddle::SIZEOF_SIZE_T
    check(Lib[:paysign_hmac_sha256].call(k, k.bytesize, d, d.bytesize, mac, 32, len))
    mac
  end

  # Verifies a received X-Pay-Token; raises VerificationError (#reason) when it
  # does not verify.
  def verify_x_pay_token(shared_secret, token, resource_path, query_string, body = "", now: nil, max_skew: nil)
    b = bytes(body)
    check(Lib[:paysign_verify_x_pay_token].call(
            text(shared_secret, "shared_secret"), text(token, "token"), text(resource_path, "resource_path"),
            text(query_string, "query_string"), b, b.bytesize, time(now), time(max_skew)
          ))
  end

  # Verifies a received CyberSource request; headers: the received headers, a
  # Hash (or pairs) of name => value, names in any case, other headers allowed.
  def verify_cybersource_signature(shared_secret:, headers:, method:, request_target:, body: "", now: nil,
                                   max_skew: nil)
    raise TypeError, "headers: nil" if headers.nil?

    block = headers.map do |name, value|
      name = utf8(name, "headers")
      value = utf8(value, "headers")
      if name.match?(/[:\r\n]/n) || value.match?(/[\r\n]/n)
        raise Error.new("headers: a name holds ':' or a line break, or a value a line break", "headers")
      end

      "#{name}: #{value}\r\n".b
    end.join
    b = bytes(body)
    check(Lib[:paysign_verify_cybersource_signature].call(
            text(shared_secret, "shared_secret"), "#{block}\0", text(method, "method"),
            text(request_target, "request_target"), b, b.bytesize, time(now), time(max_skew)
          ))
  end

  # Verifies a received PaySimple Authorization value (used exactly, not
  # trimmed); raises VerificationError (#reason) when it does not verify.
  def verify_paysimple_header(header, api_key, now: nil, max_skew: nil)
    check(Lib[:paysign_verify_paysimple_header].call(text(header, "header"), text(api_key, "api_key"),
                                                    time(now), time(max_skew)))
  end

  # ------------------------------------------------------------- conversion

  # A fresh NUL-terminated UTF-8 copy (binary Strings go as they are; the
  # library checks UTF-8). C text cannot carry NUL: such a String is refused.
  def text(value, field, optional: false)
    return nil if value.nil? && optional

    "#{utf8(value, field)}\0"
  end

  # The UTF-8 bytes of a String (binary Strings as they are: the library
  # checks them), refusing NUL.
  def utf8(value, field)
    str = String.try_convert(value)
    raise TypeError, "#{field}: a #{value.class}, want a String" if str.nil?

    str = str.encode(Encoding::UTF_8) unless str.encoding == Encoding::BINARY
    str = str.b
    raise Error.new("#{field}: contains U+0000, which C text cannot carry", field) if str.include?("\0")

    str
  rescue EncodingError
    raise Error.new("#{field}: cannot be converted to UTF-8", field)
  end

  def bytes(value)
    return "".b if value.nil?

    str = String.try_convert(value)
    raise TypeError, "body: want a String of bytes" if str.nil?

    str.b
  end

  def time(value)
    value.nil? ? NOW : Integer(value)
  end

  def headers(block)
    block.split("\r\n").each_with_object({}) do |line, h|
      name, sep, value = line.partition(": ")
      h[name] = value unless sep.empty? || name.empty?
    end
  end

  # Calls with a buffer, and again with the size asked for if it was too small.
  def output(guess)
    cap = guess + 128
    len = "\0".b * Fiddle::SIZEOF_SIZE_T
    loop do
      out = "\0".b * cap
      status = yield out, cap, len
      n = len.unpack1("J")
      if status == BUFFER_TOO_SMALL
        cap = n + 1
        next
      end
      check(status)
      return out[0, n].force_encoding(Encoding::UTF_8)
    end
  end

  def outputs(guess)
    url_cap = guess + 256
    headers_cap = guess + 1024
    url_len = "\0".b * Fiddle::SIZEOF_SIZE_T
    headers_len = "\0".b * Fiddle::SIZEOF_SIZE_T
    loop do
      url = "\0".b * url_cap
      hdrs = "\0".b * headers_cap
      status = yield url, url_cap, url_len, hdrs, headers_cap, headers_len
      if status == BUFFER_TOO_SMALL
        url_cap = url_len.unpack1("J") + 1
        headers_cap = headers_len.unpack1("J") + 1
        next
      end
      check(status)
      return SignedRequest.new(url[0, url_len.unpack1("J")].force_encoding(Encoding::UTF_8),
                               headers(hdrs[0, headers_len.unpack1("J")].force_encoding(Encoding::UTF_8)))
    end
  end

  # A status as an exception, with this thread's last failure (a Ruby Thread
  # is one OS thread, which Fiddle calls on).
  def check(status)
    return nil if status == OK

    message = last(:paysign_last_error)
    field = last(:paysign_last_field)
    case status
    when NULL_ARGUMENT then raise TypeError, message
    when INVALID_UTF8, INVALID_ARGUMENT then raise Error.new(message, field.empty? ? nil : field)
    when VERIFICATION_FAILED then raise VerificationError.new(message, last(:paysign_last_reason))
    else raise "paysign: status #{status}: #{message}"
    end
  end

  def last(getter)
    cap = 512
    len = "\0".b * Fiddle::SIZEOF_SIZE_T
    loop do
      buf = "\0".b * cap
      status = Lib[getter].call(buf, cap, len)
      n = len.unpack1("J")
      if status == BUFFER_TOO_SMALL
        cap = n + 1
        next
      end
      return status == OK ? buf[0, n].force_encoding(Encoding::UTF_8) : ""
    end
  end

  private_class_method :text, :utf8, :bytes, :time, :headers, :output, :outputs, :check, :last
end
