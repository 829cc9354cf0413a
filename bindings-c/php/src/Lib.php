<?php

declare(strict_types=1);

namespace Paysign;

use FFI;
use FFI\CData;

/**
 * The C library and the conversions to and from it (internal). The
 * declarations are src/paysign.h, generated from the installed header's
 * source and checked against it by the C tests. The library is $PAYSIGN_LIB
 * (a full path) when set, else "libpaysign.so" as dlopen finds it.
 *
 * @internal
 */
final class Lib
{
    /** PAYSIGN_NOW and PAYSIGN_DEFAULT_MAX_SKEW (INT64_MIN). */
    public const NOW = PHP_INT_MIN;

    private static ?FFI $ffi = null;

    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            $path = getenv('PAYSIGN_LIB');
            self::$ffi = FFI::cdef(
                (string) file_get_contents(__DIR__ . '/paysign.h'),
                $path !== false && $path !== '' ? $path : 'libpaysign.so',
            );
        }
        return self::$ffi;
    }

    /**
     * Refuses text C cannot carry, naming the argument (U+0000 would cut it).
     *
     * @param array<string, ?string> $fields argument name => value
     */
    public static function text(array $fields): void
    {
        foreach ($fields as $field => $value) {
            if ($value !== null && str_contains($value, "\0")) {
                throw new PaysignException("$field: contains U+0000, which C text cannot carry", $field);
            }
        }
    }

    /**
     * C strings for an array of texts, and the array, kept alive by $keep.
     *
     * @param list<string> $items
     * @param list<CData> $keep
     */
    public static function array(array $items, string $field, array &$keep): ?CData
    {
        if ($items === []) {
            return null;
        }
        $ffi = self::ffi();
        $array = $ffi->new('char*[' . count($items) . ']');
        foreach ($items as $i => $item) {
            if (!is_string($item)) {
                throw new \TypeError("$field: element $i is not a string");
            }
            self::text([$field => $item]);
            $buf = $ffi->new('char[' . (strlen($item) + 1) . ']');
            FFI::memcpy($buf, $item, strlen($item));
            $keep[] = $buf;
            $array[$i] = $ffi->cast('char*', FFI::addr($buf));
        }
        $keep[] = $array;
        return $array;
    }

    /**
     * Headers as received: name => value, or a list of [name, value] pairs
     * (which can hold a header twice). Returns [names, values, count].
     *
     * @param array<string, string>|list<array{0: string, 1: string}> $headers
     * @param list<CData> $keep
     * @return array{0: ?CData, 1: ?CData, 2: int}
     */
    public static function headers(array $headers, array &$keep): array
    {
        $names = [];
        $values = [];
        if (array_is_list($headers)) {
            foreach ($headers as $pair) {
                if (!is_array($pair) || count($pair) !== 2) {
                    throw new \TypeError('headers: a list must hold [name, value] pairs');
                }
                $names[] = (string) $pair[0];
                $values[] = $pair[1];
            }
        } else {
            foreach ($headers as $name => $value) {
                $names[] = (string) $name;
                $values[] = $value;
            }
        }
        return [self::array($names, 'header_names', $keep), self::array($values, 'header_values', $keep), count($names)];
    }

    /**
     * A keyring: id => secret. Returns [ids, secrets, count].
     *
     * @param array<string, string> $keys
     * @param list<CData> $keep
     * @return array{0: ?CData, 1: ?CData, 2: int}
     */
    public static function keyring(array $keys, array &$keep): array
    {
        $ids = array_map('strval', array_keys($keys));
        return [self::array($ids, 'key_ids', $keep), self::array(array_values($keys), 'secrets', $keep), count($ids)];
    }

    /** One text into a buffer: a size query first, then the size the library reported. */
    public static function output(callable $call): string
    {
        $ffi = self::ffi();
        $len = $ffi->new('size_t');
        $status = $call(null, 0, FFI::addr($len));
        while ($status === $ffi->PAYSIGN_BUFFER_TOO_SMALL) {
            $cap = $len->cdata + 1;
            $buf = $ffi->new("char[$cap]");
            $status = $call($buf, $cap, FFI::addr($len));
            if ($status === $ffi->PAYSIGN_OK) {
                return FFI::string($buf, $len->cdata);
            }
        }
        self::check($status);
        throw new \LogicException('paysign: no text and no failure');
    }

    /** An opaque result: runs $call with its out pointer and returns the pointer. */
    public static function result(string $type, callable $call): CData
    {
        $out = self::ffi()->new("$type*");
        self::check($call(FFI::addr($out)));
        return $out;
    }

    /** @return array<string, string> the headers of a paysign_signed, in order */
    public static function signedHeaders(CData $signed): array
    {
        $ffi = self::ffi();
        $headers = [];
        for ($i = 0, $n = $ffi->paysign_signed_header_count($signed); $i < $n; $i++) {
            $headers[$ffi->paysign_signed_header_name($signed, $i)] = $ffi->paysign_signed_header_value($signed, $i);
        }
        return $headers;
    }

    public static function readSigned(CData $signed): SignedRequest
    {
        $ffi = self::ffi();
        try {
            return new SignedRequest((string) $ffi->paysign_signed_url($signed), self::signedHeaders($signed));
        } finally {
            $ffi->paysign_signed_free($signed);
        }
    }

    public static function readVerified(CData $p): Verified
    {
        $ffi = self::ffi();
        try {
            $signed = [];
            for ($i = 0, $n = $ffi->paysign_verified_signed_count($p); $i < $n; $i++) {
                $signed[] = $ffi->paysign_verified_signed($p, $i);
            }
            return new Verified(
                $ffi->paysign_verified_scheme($p),
                $ffi->paysign_verified_key_id($p),
                $ffi->paysign_verified_merchant_id($p),
                $ffi->paysign_verified_timestamp($p),
                $signed,
            );
        } finally {
            $ffi->paysign_verified_free($p);
        }
    }

    /** A status as an exception, with this thread's last failure. */
    public static function check(int $status): void
    {
        $ffi = self::ffi();
        if ($status === $ffi->PAYSIGN_OK) {
            return;
        }
        $message = self::last('paysign_last_error');
        $field = self::last('paysign_last_field');
        switch ($status) {
            case $ffi->PAYSIGN_NULL_ARGUMENT:
            case $ffi->PAYSIGN_INVALID_UTF8:
            case $ffi->PAYSIGN_INVALID_ARGUMENT:
                throw new PaysignException($message, $field === '' ? null : $field);
            case $ffi->PAYSIGN_VERIFICATION_FAILED:
                throw new VerificationException($message, self::last('paysign_last_reason'));
            default:
                throw new \RuntimeException('paysign: ' . $ffi->paysign_status_str($status) . ": $message");
        }
    }

    private static function last(string $getter): string
    {
        $ffi = self::ffi();
        $len = $ffi->new('size_t');
        if ($ffi->$getter(null, 0, FFI::addr($len)) !== $ffi->PAYSIGN_BUFFER_TOO_SMALL) {
            return '';
        }
        $cap = $len->cdata + 1;
        $buf = $ffi->new("char[$cap]");
        return $ffi->$getter($buf, $cap, FFI::addr($len)) === $ffi->PAYSIGN_OK ? FFI::string($buf, $len->cdata) : '';
    }
}
