<?php

declare(strict_types=1);

namespace Paysign;

/**
 * What a verifier accepted: the scheme, the credential that matched (API key,
 * key id or username), CyberSource's merchant id (else null), when it was
 * signed (Unix seconds) and the names of what the credential covered.
 */
final class Verified
{
    /** @param list<string> $signed */
    public function __construct(
        public readonly string $scheme,
        public readonly string $keyId,
        public readonly ?string $merchantId,
        public readonly int $timestamp,
        public readonly array $signed,
    ) {
    }
}
