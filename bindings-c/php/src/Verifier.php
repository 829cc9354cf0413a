<?php

declare(strict_types=1);

namespace Paysign;

use FFI\CData;

/**
 * Verifies whole requests of one scheme against a keyring (id => secret),
 * within the scheme's window, refusing replays (an in-process memory of
 * 100000 credentials). $maxSkew: seconds, null for the scheme's window.
 */
abstract class Verifier
{
    private CData $verifier;

    /** @param array<string, string> $keys */
    protected function make(array $keys, callable $new): void
    {
        $keep = [];
        [$ids, $secrets, $count] = Lib::keyring($keys, $keep);
        $this->verifier = Lib::result('paysign_verifier', fn ($out) => $new($ids, $secrets, $count, $out));
    }

    /**
     * Verifies a request as received: method, URL (absolute or the request
     * target), every header (name => value, or [name, value] pairs to keep
     * duplicates), the exact body; $now: Unix seconds or null.
     *
     * @param array<string, string>|list<array{0: string, 1: string}> $headers
     */
    public function verify(string $method, string $url, array $headers, string $body = '', ?int $now = null): Verified
    {
        Lib::text(['method' => $method, 'url' => $url]);
        $keep = [];
        [$names, $values, $count] = Lib::headers($headers, $keep);
        return Lib::readVerified(Lib::result('paysign_verified', fn ($out) => Lib::ffi()->paysign_verifier_verify(
            $this->verifier, $method, $url, $names, $values, $count, $body, strlen($body), $now ?? Lib::NOW, $out)));
    }

    public function __destruct()
    {
        if (isset($this->verifier)) {
            Lib::ffi()->paysign_verifier_free($this->verifier);
        }
    }
}
