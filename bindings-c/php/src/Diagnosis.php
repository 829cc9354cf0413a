<?php

declare(strict_types=1);

namespace Paysign;

/**
 * Whether a received value is the correct one; if not, the ids of the known
 * mistakes that produce it (most likely first), what to fix, and the correct
 * value (null when unknown).
 */
final class Diagnosis
{
    /** @param list<string> $mistakes */
    public function __construct(
        public readonly bool $valid,
        public readonly array $mistakes,
        public readonly string $message,
        public readonly ?string $expected,
    ) {
    }
}
