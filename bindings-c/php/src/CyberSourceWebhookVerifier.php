<?php

declare(strict_types=1);

namespace Paysign;

use FFI\CData;

/** CyberSource webhook notification verifier; keys: key id => base64 key; window: 5 minutes. */
final class CyberSourceWebhookVerifier
{
    private CData $verifier;

    /** @param array<string, string> $keys */
    public function __construct(array $keys, ?int $maxSkew = null, bool $replay = true)
    {
        $keep = [];
        [$ids, $secrets, $count] = Lib::keyring($keys, $keep);
        $this->verifier = Lib::result('paysign_webhook_verifier', fn ($out) => Lib::ffi()
            ->paysign_cybersource_webhook_verifier_new($ids, $secrets, $count, $maxSkew ?? Lib::NOW, $replay ? 1 : 0, $out));
    }

    /**
     * Verifies a notification from its headers and raw body (php://input, as received).
     *
     * @param array<string, string>|list<array{0: string, 1: string}> $headers
     */
    public function verify(array $headers, string $body, ?int $now = null): Verified
    {
        $keep = [];
        [$names, $values, $count] = Lib::headers($headers, $keep);
        return Lib::readVerified(Lib::result('paysign_verified', fn ($out) => Lib::ffi()->paysign_webhook_verifier_verify(
            $this->verifier, $names, $values, $count, $body, strlen($body), $now ?? Lib::NOW, $out)));
    }

    public function __destruct()
    {
        if (isset($this->verifier)) {
            Lib::ffi()->paysign_webhook_verifier_free($this->verifier);
        }
    }
}
