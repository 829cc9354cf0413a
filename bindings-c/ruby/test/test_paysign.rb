# frozen_string_literal: true

# Every vector of tests/vectors through the Ruby wrapper (one test per
# vector), then bad inputs.
#
#   PAYSIGN_LIB=$PREFIX/lib/libpaysign.so ruby -Ilib test/test_paysign.rb
#
# PAYSIGN_VECTORS overrides where the vectors are (default ../../tests/vectors).
require "base64"
require "json"
require "minitest/autorun"
require "paysign"

VECTORS = ENV.fetch("PAYSIGN_VECTORS", File.expand_path("../../../tests/vectors", __dir__))
CS_SECRET = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE="
CS_DATE = "Thu, 18 Jul 2019 00:18:03 GMT"

def load_vectors(file)
  JSON.parse(File.read(File.join(VECTORS, file), encoding: "UTF-8"))
end

def body_of(v)
  Base64.strict_decode64(v["body_b64"]) * v.fetch("body_repeat", 1)
end

class PaysignVectorsTest < Minitest::Test
  # One test per vector, named after its file section and name.
  def self.each(section, list, &block)
    raise "no vectors in #{section}" if list.empty?

    list.each do |v|
      name = "test_#{section}_#{v["name"]}"
      raise "two vectors named #{name}" if method_defined?(name)

      define_method(name) { instance_exec(v, &block) }
    end
  end

  xpay = load_vectors("xpay.json")
  each("xpay_sign", xpay["sign"]) do |v|
    token = Paysign.x_pay_token(v["shared_secret"], v["resource_path"], v["query_string"], body_of(v),
                                timestamp: v["timestamp"])
    assert_equal v["expected"]["token"], token
    Paysign.verify_x_pay_token(v["shared_secret"], token, v["resource_path"], v["query_string"], body_of(v),
                               now: v["timestamp"], max_skew: 0)
  end

  each("xpay", xpay["request"]) do |v|
    want = v["expected"]
    r = Paysign.x_pay_sign_request(api_key: v["api_key"], shared_secret: v["shared_secret"], method: v["method"],
                                   url: v["url"], body: body_of(v), full_path: v["full_path"],
                                   timestamp: v["timestamp"])
    assert_equal want["url"], r.url
    assert_equal want["headers"], r.headers
    assert_equal want["headers"]["x-pay-token"],
                 Paysign.x_pay_token(v["shared_secret"], want["resource_path"], want["query_string"], body_of(v),
                                     timestamp: v["timestamp"])
  end

  cs = load_vectors("cybersource.json")
  each("cybersource_sign", cs["sign"]) do |v|
    h = Paysign.cybersource_signature(key_id: v["key_id"], shared_secret: v["shared_secret"],
                                      merchant_id: v["merchant_id"], host: v["host"], method: v["method"],
                                      request_target: v["request_target"], body: body_of(v), date: v["date"])
    assert_equal v["expected"]["headers"], h
    assert_equal %w[v-c-merchant-id Date Host], h.keys.first(3)
    Paysign.verify_cybersource_signature(shared_secret: v["shared_secret"], headers: h, method: v["method"],
                                         request_target: v["request_target"], body: body_of(v),
                                         max_skew: 2**63 - 1)
  end

  each("cybersource", cs["request"]) do |v|
    want = v["expected"]
    r = Paysign.cybersource_sign_request(merchant_id: v["merchant_id"], key_id: v["key_id"],
                                         shared_secret: v["shared_secret"], method: v["method"], url: v["url"],
                                         body: body_of(v), unix_time: v["time"])
    assert_equal want["url"], r.url
    assert_equal want["headers"], r.headers
    assert_equal want["headers"],
                 Paysign.cybersource_signature(key_id: v["key_id"], shared_secret: v["shared_secret"],
                                               merchant_id: v["merchant_id"], host: want["host"],
                                               method: v["method"], request_target: want["request_target"],
                                               body: body_of(v), date: want["date"])
  end

  ps = load_vectors("paysimple.json")
  each("paysimple_sign", ps["sign"]) do |v|
    header = Paysign.paysimple_header(v["username"], v["api_key"], timestamp: v["timestamp"])
    assert_equal v["expected"]["header"], header
    assert header.end_with?("; signature=#{v["expected"]["signature"]}")
    Paysign.verify_paysimple_header(header, v["api_key"], max_skew: 2**63 - 1)
  end

  each("paysimple", ps["request"]) do |v|
    want = v["expected"]
    r = Paysign.paysimple_sign_request(username: v["username"], api_key: v["api_key"], method: v["method"],
                                       url: v["url"], unix_time: v["time"], nanos: v["nanos"])
    assert_equal want["headers"], r.headers
    refute_empty r.url
    assert_equal want["headers"]["Authorization"],
                 Paysign.paysimple_header(v["username"], v["api_key"], timestamp: want["timestamp"])
  end

  each("hmac", load_vectors("hmac_sha256_rfc4231.json")["cases"]) do |v|
    mac = Paysign.hmac_sha256([v["key_hex"]].pack("H*"), [v["data_hex"]].pack("H*")).unpack1("H*")
    assert_equal v["mac_hex"], mac[0, v["truncate_bits"] / 4]
  end

  def outcome(v)
    if v["expected"] == "valid"
      assert_nil yield
    else
      e = assert_raises(Paysign::VerificationError) { yield }
      assert_equal v["expected"], e.reason
      assert_nil e.field
      refute_empty e.message
    end
  end

  verify = load_vectors("verify.json")
  each("verify", verify["xpay"]) do |v|
    outcome(v) do
      Paysign.verify_x_pay_token(v["shared_secret"], v["token"], v["resource_path"], v["query_string"], body_of(v),
                                 now: v["now"], max_skew: v["max_skew"])
    end
  end
  each("verify", verify["cybersource"]) do |v|
    outcome(v) do
      Paysign.verify_cybersource_signature(shared_secret: v["shared_secret"], headers: v["headers"],
                                           method: v["method"], request_target: v["request_target"],
                                           body: body_of(v), now: v["now"], max_skew: v["max_skew"])
    end
  end
  each("verify", verify["paysimple"]) do |v|
    outcome(v) { Paysign.verify_paysimple_header(v["header"], v["api_key"], now: v["now"], max_skew: v["max_skew"]) }
  end

  def invalid(v, secret)
    e = assert_raises(Paysign::Error) { yield }
    refute_kind_of Paysign::VerificationError, e
    assert_kind_of ArgumentError, e
    assert_equal v["field"], e.field
    assert e.message.start_with?("#{v["field"]}:"), e.message
    refute_includes e.message, secret if secret.length >= 4
  end

  bad = load_vectors("invalid.json")
  each("invalid", bad["xpay"]) do |v|
    a = v["args"]
    invalid(v, a["shared_secret"]) do
      Paysign.x_pay_token(a["shared_secret"], a["resource_path"], a["query_string"], body_of(a),
                          timestamp: a["timestamp"])
    end
  end
  each("invalid", bad["cybersource"]) do |v|
    a = v["args"]
    invalid(v, a["shared_secret"]) do
      Paysign.cybersource_signature(key_id: a["key_id"], shared_secret: a["shared_secret"],
                                    merchant_id: a["merchant_id"], host: a["host"], method: a["method"],
                                    request_target: a["request_target"], body: body_of(a), date: a["date"])
    end
  end
  each("invalid", bad["paysimple"]) do |v|
    a = v["args"]
    invalid(v, a["api_key"]) { Paysign.paysimple_header(a["username"], a["api_key"], timestamp: a["timestamp"]) }
  end
end

class PaysignBadInputsTest < Minitest::Test
  def field_of(&block)
    e = assert_raises(Paysign::Error, &block)
    refute_kind_of Paysign::VerificationError, e
    e.field
  end

  def reason_of(&block)
    assert_raises(Paysign::VerificationError, &block).reason
  end

  def test_nul_in_text_is_refused_naming_the_field
    e = assert_raises(Paysign::Error) { Paysign.x_pay_token("s3cr\0t", "p", "apikey=K", timestamp: 0) }
    assert_equal "shared_secret", e.field
    refute_includes e.message, "s3cr"
    assert_equal "header", field_of { Paysign.verify_paysimple_header("PSSERVER accessid=u\0", "k") }
    assert_equal "headers", field_of {
      Paysign.verify_cybersource_signature(shared_secret: CS_SECRET, headers: { "Host" => "h\0" }, method: "GET",
                                           request_target: "/")
    }
    assert_equal "url", field_of {
      Paysign.x_pay_sign_request(api_key: "K", shared_secret: "s", method: "GET", url: "https://h/vdp/x?a=\0",
                                 timestamp: 0)
    }
  end

  def test_headers_that_cannot_be_a_block_are_refused
    [{ "Host" => "h\r\nDigest: x" }, { "Ho:st" => "h" }].each do |h|
      assert_equal "headers", field_of {
        Paysign.verify_cybersource_signature(shared_secret: CS_SECRET, headers: h, method: "GET", request_target: "/")
      }
    end
  end

  def test_nil_is_a_type_error
    assert_raises(TypeError) { Paysign.x_pay_token("s", nil, "apikey=K") }
    assert_raises(TypeError) { Paysign.verify_paysimple_header(nil, "k") }
    assert_raises(TypeError) do
      Paysign.verify_cybersource_signature(shared_secret: CS_SECRET, headers: nil, method: "GET", request_target: "/")
    end
  end

  def test_invalid_utf8_and_other_encodings
    assert_equal "username", field_of { Paysign.paysimple_header("user\xff", "k") }
    latin1 = "us\xE9r".dup.force_encoding(Encoding::ISO_8859_1)
    assert_equal Paysign.paysimple_header("usér", "k", timestamp: "2017-07-20T20:45:44Z"),
                 Paysign.paysimple_header(latin1, "k", timestamp: "2017-07-20T20:45:44Z")
  end

  def test_bad_arguments_carry_the_library_message_and_field
    e = assert_raises(Paysign::Error) { Paysign.x_pay_token("s", "p", "?apikey=K", timestamp: 0) }
    assert_equal "query_string", e.field
    assert e.message.start_with?("query_string: "), e.message
    assert_equal "url", field_of {
      Paysign.x_pay_sign_request(api_key: "K", shared_secret: "s", method: "GET", url: "https://h/vdp/x?apiKey=K",
                                 timestamp: 0)
    }
    assert_equal "max_skew", field_of { Paysign.verify_x_pay_token("s", "xv2:0:00", "p", "q", now: 0, max_skew: -1) }
    field_of do
      Paysign.paysimple_sign_request(username: "u", api_key: "k", method: "GET", url: "https://h/", unix_time: 0,
                                     nanos: 1_000_000_000)
    end
    assert_equal "nanos", field_of {
      Paysign.paysimple_sign_request(username: "u", api_key: "k", method: "GET", url: "https://h/", nanos: -1)
    }
    e = assert_raises(Paysign::Error) do
      Paysign.verify_cybersource_signature(shared_secret: "c2VjcmV0-not-base64", headers: { "Host" => "h" },
                                           method: "GET", request_target: "/", now: 0, max_skew: 0)
    end
    assert_equal "shared_secret", e.field
    refute_includes e.message, "c2VjcmV0-not-base64"
  end

  def test_verification_failure_carries_the_reason
    e = assert_raises(Paysign::VerificationError) { Paysign.verify_paysimple_header("garbage", "k", now: 0, max_skew: 0) }
    assert_equal "malformed_header", e.reason
    assert e.message.start_with?("verification failed"), e.message
    assert_equal "missing_header", reason_of {
      Paysign.verify_cybersource_signature(shared_secret: CS_SECRET, headers: [], method: "GET", request_target: "/",
                                           now: 0, max_skew: 0)
    }
  end

  def test_now_and_the_default_window
    token = Paysign.x_pay_token("s", "p", "apikey=K")
    Paysign.verify_x_pay_token("s", token, "p", "apikey=K")
    h = Paysign.cybersource_signature(key_id: "k", shared_secret: CS_SECRET, merchant_id: "m", host: "h",
                                      method: "POST", request_target: "/p", body: "{}")
    Paysign.verify_cybersource_signature(shared_secret: CS_SECRET, headers: h.to_a, method: "post",
                                         request_target: "/p", body: "{}")
    Paysign.verify_paysimple_header(Paysign.paysimple_header("u", "k"), "k")
    Paysign.x_pay_sign_request(api_key: "K", shared_secret: "s", method: "GET", url: "https://h/vdp/x", full_path: true)
    Paysign.cybersource_sign_request(merchant_id: "m", key_id: "k", shared_secret: CS_SECRET, method: "GET",
                                     url: "https://h/x")
    Paysign.paysimple_sign_request(username: "u", api_key: "k", method: "GET", url: "https://h/x")
    fixed = Paysign.x_pay_token("s", "p", "apikey=K", timestamp: 1_000_000)
    Paysign.verify_x_pay_token("s", fixed, "p", "apikey=K", now: 1_000_300)
    assert_equal "timestamp_out_of_window", reason_of { Paysign.verify_x_pay_token("s", fixed, "p", "apikey=K", now: 1_000_301) }
  end

  def test_bodies_are_binary_and_outputs_grow
    refute_equal Paysign.x_pay_token("s", "p", "apikey=K", "a\0b", timestamp: 1),
                 Paysign.x_pay_token("s", "p", "apikey=K", "a", timestamp: 1)
    long_query = "x=#{"y" * 20_000}"
    r = Paysign.x_pay_sign_request(api_key: "K", shared_secret: "s", method: "GET",
                                   url: "https://h/vdp/x?#{long_query}", timestamp: 1)
    assert r.url.end_with?("&#{long_query}")
    assert_equal 4, Paysign.cybersource_signature(key_id: "k", shared_secret: CS_SECRET, merchant_id: "m", host: "h",
                                                  method: "GET", request_target: "/#{"z" * 5000}", date: CS_DATE).size
  end

  def test_non_ascii_text_is_utf8
    header = Paysign.paysimple_header("usér", "kéy", timestamp: "2017-07-20T20:45:44.0973928Z")
    assert header.start_with?("PSSERVER accessid=usér; "), header
    assert_equal Encoding::UTF_8, header.encoding
    Paysign.verify_paysimple_header(header, "kéy", now: 1_500_583_544, max_skew: 10)
  end

  def test_each_thread_gets_its_own_error
    threads = 4.times.map do |n|
      Thread.new do
        200.times do |i|
          if (i + n).even?
            assert_equal "resource_path", field_of { Paysign.x_pay_token("s", "p\n", "q", timestamp: 0) }
          else
            assert_equal "malformed_header", reason_of {
              Paysign.verify_x_pay_token("s", "xv2:0:nothex", "p", "q", now: 0, max_skew: 0)
            }
          end
        end
      end
    end
    threads.each(&:join)
  end

  def test_version
    assert_match(/\A\d+\.\d+\.\d+/, Paysign.version)
  end
end
