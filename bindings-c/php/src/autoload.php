<?php

// For use without Composer: require this file, then use Paysign\... (the
// same PSR-4 layout Composer's autoloader reads from composer.json).
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Paysign\\')) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen('Paysign\\'))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
