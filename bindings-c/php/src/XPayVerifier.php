<?php

declare(strict_types=1);

namespace Paysign;

/** X-Pay-Token verifier; keys: API key => shared secret; window: Visa's 8 minutes. */
final class XPayVerifier extends Verifier
{
    /** @param array<string, string> $keys */
    public function __construct(array $keys, bool $fullPath = false, ?int $maxSkew = null, bool $replay = true)
    {
        $this->make($keys, fn ($ids, $secrets, $count, $out) => Lib::ffi()->paysign_x_pay_verifier_new(
            $ids, $secrets, $count, $fullPath ? 1 : 0, $maxSkew ?? Lib::NOW, $replay ? 1 : 0, $out));
    }
}
