<?php

declare(strict_types=1);

namespace Paysign;

/** PaySimple verifier; keys: username => API key; window: 5 minutes. */
final class PaySimpleVerifier extends Verifier
{
    /** @param array<string, string> $keys */
    public function __construct(array $keys, ?int $maxSkew = null, bool $replay = true)
    {
        $this->make($keys, fn ($ids, $secrets, $count, $out) => Lib::ffi()->paysign_paysimple_verifier_new(
            $ids, $secrets, $count, $maxSkew ?? Lib::NOW, $replay ? 1 : 0, $out));
    }
}
