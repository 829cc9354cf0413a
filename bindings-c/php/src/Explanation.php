<?php

declare(strict_types=1);

namespace Paysign;

/**
 * What a scheme signs for a request: the exact bytes, their parts, the
 * headers (when the secret was given) and the text the paysign command prints.
 */
final class Explanation
{
    /**
     * @param list<ExplanationPart> $parts
     * @param array<string, string> $headers
     */
    public function __construct(
        public readonly string $scheme,
        public readonly string $signed,
        public readonly array $parts,
        public readonly array $headers,
        public readonly string $text,
    ) {
    }
}
