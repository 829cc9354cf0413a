<?php

/*
 * Every vector of tests/vectors through the PHP wrapper, then bad inputs.
 * A tiny runner: one line per failure, then "php: N passed, M failed"; exit 1
 * when anything failed.
 *
 *   PAYSIGN_LIB=$PREFIX/lib/libpaysign.so php tests/PaysignTest.php [tests/vectors]
 */

declare(strict_types=1);

require __DIR__ . '/../src/PaysignException.php';
require __DIR__ . '/../src/VerificationException.php';
require __DIR__ . '/../src/SignedRequest.php';
require __DIR__ . '/../src/Paysign.php';

use Paysign\Paysign;
use Paysign\PaysignException;
use Paysign\VerificationException;

const CS_SECRET = 'yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=';
const CS_DATE = 'Thu, 18 Jul 2019 00:18:03 GMT';

$passed = 0;
$failed = 0;

final class Fail extends Exception
{
}

function check(string $name, callable $body): void
{
    global $passed, $failed;
    try {
        $body();
        $passed++;
    } catch (Throwable $e) {
        $failed++;
        echo "FAIL $name: " . get_class($e) . ': ' . $e->getMessage() . "\n";
    }
}

function eq(mixed $want, mixed $got, string $what = ''): void
{
    if ($want !== $got) {
        throw new Fail("$what got " . var_export($got, true) . ', want ' . var_export($want, true));
    }
}

function ok(bool $cond, string $what): void
{
    if (!$cond) {
        throw new Fail($what);
    }
}

/** @template E of Throwable @param class-string<E> $class @return E */
function throws(string $class, callable $call): Throwable
{
    try {
        $call();
    } catch (Throwable $e) {
        if ($e instanceof $class) {
            return $e;
        }
        throw new Fail('threw ' . get_class($e) . ' (' . $e->getMessage() . "), want $class");
    }
    throw new Fail("did not throw, want $class");
}

/** Same header names (exact case) and byte-exact values, any order. */
function sameHeaders(array $want, array $got): void
{
    ksort($want, SORT_STRING);
    ksort($got, SORT_STRING);
    eq($want, $got, 'headers');
}

$dir = $argv[1] ?? __DIR__ . '/../../../tests/vectors';
function load(string $file): array
{
    global $dir;
    return json_decode(file_get_contents("$dir/$file"), true, 512, JSON_THROW_ON_ERROR);
}

function body(array $v): string
{
    return str_repeat(base64_decode($v['body_b64'], true), $v['body_repeat'] ?? 1);
}

// ------------------------------------------------------------------ vectors

$xpay = load('xpay.json');
foreach ($xpay['sign'] as $v) {
    check($v['name'], function () use ($v) {
        $token = Paysign::xPayToken($v['shared_secret'], $v['resource_path'], $v['query_string'], body($v), $v['timestamp']);
        eq($v['expected']['token'], $token, 'token');
        Paysign::verifyXPayToken($v['shared_secret'], $token, $v['resource_path'], $v['query_string'], body($v), $v['timestamp'], 0);
    });
}
foreach ($xpay['request'] as $v) {
    check($v['name'], function () use ($v) {
        $want = $v['expected'];
        $r = Paysign::xPaySignRequest($v['api_key'], $v['shared_secret'], $v['method'], $v['url'], body($v), $v['full_path'], $v['timestamp']);
        eq($want['url'], $r->url, 'url');
        sameHeaders($want['headers'], $r->headers);
        eq($want['headers']['x-pay-token'], Paysign::xPayToken($v['shared_secret'], $want['resource_path'], $want['query_string'], body($v), $v['timestamp']), 'token over the expected parts');
    });
}

$cs = load('cybersource.json');
foreach ($cs['sign'] as $v) {
    check($v['name'], function () use ($v) {
        $h = Paysign::cybersourceSignature($v['key_id'], $v['shared_secret'], $v['merchant_id'], $v['host'], $v['method'], $v['request_target'], body($v), $v['date']);
        sameHeaders($v['expected']['headers'], $h);
        eq(['v-c-merchant-id', 'Date', 'Host'], array_slice(array_keys($h), 0, 3), 'order');
        Paysign::verifyCybersourceSignature($v['shared_secret'], $h, $v['method'], $v['request_target'], body($v), null, PHP_INT_MAX);
    });
}
foreach ($cs['request'] as $v) {
    check($v['name'], function () use ($v) {
        $want = $v['expected'];
        $r = Paysign::cybersourceSignRequest($v['merchant_id'], $v['key_id'], $v['shared_secret'], $v['method'], $v['url'], body($v), $v['time']);
        eq($want['url'], $r->url, 'url');
        sameHeaders($want['headers'], $r->headers);
        sameHeaders($want['headers'], Paysign::cybersourceSignature($v['key_id'], $v['shared_secret'], $v['merchant_id'], $want['host'], $v['method'], $want['request_target'], body($v), $want['date']));
    });
}

$ps = load('paysimple.json');
foreach ($ps['sign'] as $v) {
    check($v['name'], function () use ($v) {
        $header = Paysign::paysimpleHeader($v['username'], $v['api_key'], $v['timestamp']);
        eq($v['expected']['header'], $header, 'header');
        ok(str_ends_with($header, '; signature=' . $v['expected']['signature']), 'signature');
        Paysign::verifyPaysimpleHeader($header, $v['api_key'], null, PHP_INT_MAX);
    });
}
foreach ($ps['request'] as $v) {
    check($v['name'], function () use ($v) {
        $want = $v['expected'];
        $r = Paysign::paysimpleSignRequest($v['username'], $v['api_key'], $v['method'], $v['url'], '', $v['time'], $v['nanos']);
        sameHeaders($want['headers'], $r->headers);
        ok($r->url !== '', 'url');
        eq($want['headers']['Authorization'], Paysign::paysimpleHeader($v['username'], $v['api_key'], $want['timestamp']), 'at the expected timestamp');
    });
}

foreach (load('hmac_sha256_rfc4231.json')['cases'] as $v) {
    check($v['name'], function () use ($v) {
        $mac = bin2hex(Paysign::hmacSha256(hex2bin($v['key_hex']), hex2bin($v['data_hex'])));
        eq($v['mac_hex'], substr($mac, 0, intdiv($v['truncate_bits'], 4)), 'mac');
    });
}

function outcome(array $v, callable $verify): void
{
    if ($v['expected'] === 'valid') {
        $verify();
        return;
    }
    $e = throws(VerificationException::class, $verify);
    eq($v['expected'], $e->getReason(), 'reason');
    eq(null, $e->getField(), 'field');
    ok($e->getMessage() !== '', 'message');
}

$verify = load('verify.json');
foreach ($verify['xpay'] as $v) {
    check($v['name'], fn () => outcome($v, fn () => Paysign::verifyXPayToken($v['shared_secret'], $v['token'], $v['resource_path'], $v['query_string'], body($v), $v['now'], $v['max_skew'])));
}
foreach ($verify['cybersource'] as $v) {
    check($v['name'], fn () => outcome($v, fn () => Paysign::verifyCybersourceSignature($v['shared_secret'], $v['headers'], $v['method'], $v['request_target'], body($v), $v['now'], $v['max_skew'])));
}
foreach ($verify['paysimple'] as $v) {
    check($v['name'], fn () => outcome($v, fn () => Paysign::verifyPaysimpleHeader($v['header'], $v['api_key'], $v['now'], $v['max_skew'])));
}

function invalid(array $v, string $secret, callable $sign): void
{
    $e = throws(PaysignException::class, $sign);
    ok(!$e instanceof VerificationException, 'a verification failure');
    ok($e instanceof InvalidArgumentException, 'not an InvalidArgumentException');
    eq($v['field'], $e->getField(), 'field');
    ok(str_starts_with($e->getMessage(), $v['field'] . ':'), 'message ' . $e->getMessage());
    ok(strlen($secret) < 4 || !str_contains($e->getMessage(), $secret), 'the message shows the secret');
}

$invalid = load('invalid.json');
foreach ($invalid['xpay'] as $v) {
    $a = $v['args'];
    check($v['name'], fn () => invalid($v, $a['shared_secret'], fn () => Paysign::xPayToken($a['shared_secret'], $a['resource_path'], $a['query_string'], body($a), $a['timestamp'])));
}
foreach ($invalid['cybersource'] as $v) {
    $a = $v['args'];
    check($v['name'], fn () => invalid($v, $a['shared_secret'], fn () => Paysign::cybersourceSignature($a['key_id'], $a['shared_secret'], $a['merchant_id'], $a['host'], $a['method'], $a['request_target'], body($a), $a['date'])));
}
foreach ($invalid['paysimple'] as $v) {
    $a = $v['args'];
    check($v['name'], fn () => invalid($v, $a['api_key'], fn () => Paysign::paysimpleHeader($a['username'], $a['api_key'], $a['timestamp'])));
}

// --------------------------------------------------------------- bad inputs

check('nul_in_text_is_refused_naming_the_field', function () {
    $e = throws(PaysignException::class, fn () => Paysign::xPayToken("s3cr\0t", 'p', 'apikey=K', '', 0));
    eq('shared_secret', $e->getField());
    ok(!str_contains($e->getMessage(), 's3cr'), 'secret shown');
    eq('header', throws(PaysignException::class, fn () => Paysign::verifyPaysimpleHeader("PSSERVER accessid=u\0", 'k'))->getField());
    eq('headers', throws(PaysignException::class, fn () => Paysign::verifyCybersourceSignature(CS_SECRET, ['Host' => "h\0"], 'GET', '/'))->getField());
    eq('url', throws(PaysignException::class, fn () => Paysign::xPaySignRequest('K', 's', 'GET', "https://h/vdp/x?a=\0", timestamp: 0))->getField());
});
check('header_arrays_that_cannot_be_a_block_are_refused', function () {
    eq('headers', throws(PaysignException::class, fn () => Paysign::verifyCybersourceSignature(CS_SECRET, ['Host' => "h\r\nDigest: x"], 'GET', '/'))->getField());
    eq('headers', throws(PaysignException::class, fn () => Paysign::verifyCybersourceSignature(CS_SECRET, ['Ho:st' => 'h'], 'GET', '/'))->getField());
    eq('headers', throws(PaysignException::class, fn () => Paysign::verifyCybersourceSignature(CS_SECRET, ['Host' => ['h']], 'GET', '/'))->getField());
});
check('null_is_a_type_error', function () {
    throws(TypeError::class, fn () => Paysign::xPayToken('s', null, 'apikey=K'));
});
check('invalid_utf8_is_refused_naming_the_field', function () {
    $e = throws(PaysignException::class, fn () => Paysign::paysimpleHeader("user\xff", 'k'));
    eq('username', $e->getField());
});
check('bad_arguments_carry_the_library_message_and_field', function () {
    $e = throws(PaysignException::class, fn () => Paysign::xPayToken('s', 'p', '?apikey=K', '', 0));
    eq('query_string', $e->getField());
    ok(str_starts_with($e->getMessage(), 'query_string: '), $e->getMessage());
    eq('url', throws(PaysignException::class, fn () => Paysign::xPaySignRequest('K', 's', 'GET', 'https://h/vdp/x?apiKey=K', timestamp: 0))->getField());
    eq('max_skew', throws(PaysignException::class, fn () => Paysign::verifyXPayToken('s', 'xv2:0:00', 'p', 'q', '', 0, -1))->getField());
    ok(!throws(PaysignException::class, fn () => Paysign::paysimpleSignRequest('u', 'k', 'GET', 'https://h/', '', 0, 1000000000)) instanceof VerificationException, 'nanos');
    eq('nanos', throws(PaysignException::class, fn () => Paysign::paysimpleSignRequest('u', 'k', 'GET', 'https://h/', '', 0, -1))->getField());
    $e = throws(PaysignException::class, fn () => Paysign::verifyCybersourceSignature('c2VjcmV0-not-base64', ['Host' => 'h'], 'GET', '/', '', 0, 0));
    eq('shared_secret', $e->getField());
    ok(!str_contains($e->getMessage(), 'c2VjcmV0-not-base64'), 'secret shown');
});
check('verification_failure_carries_the_reason', function () {
    $e = throws(VerificationException::class, fn () => Paysign::verifyPaysimpleHeader('garbage', 'k', 0, 0));
    eq('malformed_header', $e->getReason());
    ok(str_starts_with($e->getMessage(), 'verification failed'), $e->getMessage());
    eq('missing_header', throws(VerificationException::class, fn () => Paysign::verifyCybersourceSignature(CS_SECRET, [], 'GET', '/', '', 0, 0))->getReason());
});
check('now_and_the_default_window', function () {
    $token = Paysign::xPayToken('s', 'p', 'apikey=K');
    Paysign::verifyXPayToken('s', $token, 'p', 'apikey=K');
    Paysign::verifyCybersourceSignature(CS_SECRET, Paysign::cybersourceSignature('k', CS_SECRET, 'm', 'h', 'POST', '/p', '{}'), 'post', '/p', '{}');
    Paysign::verifyPaysimpleHeader(Paysign::paysimpleHeader('u', 'k'), 'k');
    Paysign::xPaySignRequest('K', 's', 'GET', 'https://h/vdp/x', fullPath: true);
    Paysign::cybersourceSignRequest('m', 'k', CS_SECRET, 'GET', 'https://h/x');
    Paysign::paysimpleSignRequest('u', 'k', 'GET', 'https://h/x');
    $fixed = Paysign::xPayToken('s', 'p', 'apikey=K', '', 1000000);
    Paysign::verifyXPayToken('s', $fixed, 'p', 'apikey=K', '', 1000300);
    eq('timestamp_out_of_window', throws(VerificationException::class, fn () => Paysign::verifyXPayToken('s', $fixed, 'p', 'apikey=K', '', 1000301))->getReason());
});
check('bodies_are_binary_and_outputs_grow', function () {
    ok(Paysign::xPayToken('s', 'p', 'apikey=K', "a\0b", 1) !== Paysign::xPayToken('s', 'p', 'apikey=K', 'a', 1), 'bytes after a NUL');
    $longQuery = 'x=' . str_repeat('y', 20000);
    $r = Paysign::xPaySignRequest('K', 's', 'GET', "https://h/vdp/x?$longQuery", timestamp: 1);
    ok(str_ends_with($r->url, "&$longQuery"), 'long url');
    eq(4, count(Paysign::cybersourceSignature('k', CS_SECRET, 'm', 'h', 'GET', '/' . str_repeat('z', 5000), '', CS_DATE)));
});
check('non_ascii_text_is_utf8', function () {
    $header = Paysign::paysimpleHeader('usér', 'kéy', '2017-07-20T20:45:44.0973928Z');
    ok(str_starts_with($header, 'PSSERVER accessid=usér; '), $header);
    Paysign::verifyPaysimpleHeader($header, 'kéy', 1500583544, 10);
});
check('version', fn () => ok((bool) preg_match('/^\d+\.\d+\.\d+/', Paysign::version()), Paysign::version()));

echo "php: $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
