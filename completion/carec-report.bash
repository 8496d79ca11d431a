# bash completion for carec-report: its commands, options, language codes
# and .yaml reports. cmake --install puts it where bash-completion finds
# it (PREFIX/share/bash-completion/completions/carec-report); to try it
# from the source tree: source completion/carec-report.bash

_carec_report()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}

    # The command: the first word that is not an option or its value.
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            build|check|new|watch|serve|merge) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    case $prev in
        --lang)
            COMPREPLY=($(compgen -W 'en ru kk ky tg uz tk' -- "$cur"))
            return ;;
        --out-dir|--dir|--allow-path)
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
        --data)
            compopt -o filenames 2>/dev/null
            local ext
            for ext in csv jsonl ndjson yaml yml; do
                COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
            done
            COMPREPLY+=($(compgen -d -- "$cur"))
            return ;;
        --results)
            COMPREPLY=($(compgen -f -X '!*.jsonl' -- "$cur") $(compgen -d -- "$cur"))
            return ;;
        --lang-field|--jobs|--shard|--shard-count)
            return ;;
        -o|--output)
            COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -- "$cur"))
            return ;;
        --dump-layout)
            COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
            return ;;
        --color)
            COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
            return ;;
        --threads)
            COMPREPLY=($(compgen -W '1 2' -- "$cur"))
            return ;;
        --watermark|--port)
            return ;;
        --host)
            COMPREPLY=($(compgen -W '127.0.0.1 localhost ::1' -- "$cur"))
            return ;;
    esac

    local opts
    case $cmd in
        '')
            COMPREPLY=($(compgen -W 'build check merge watch serve new --help --version' -- "$cur"))
            return ;;
        build)
            opts='-o --output --out-dir --lang --strict --allow-missing-glyphs
                  --allow-path --dump-layout --watermark --print --threads
                  --color -v --verbose --help' ;;
        check)
            opts='--lang --strict --allow-missing-glyphs --allow-path
                  --dump-layout --threads --color -v --verbose --help' ;;
        watch)
            opts='-o --output --out-dir --lang --strict --allow-missing-glyphs
                  --allow-path --watermark --print --threads --color -v
                  --verbose --help' ;;
        serve)
            opts='--port --host --strict --allow-missing-glyphs --allow-path
                  --watermark --print --threads -v --verbose --help' ;;
        merge)
            opts='--data -o --output --lang --lang-field --jobs --shard
                  --shard-count --results --skip-existing --strict
                  --allow-missing-glyphs --allow-path --watermark --print
                  --color -v --verbose --help' ;;
        new)
            opts='--dir --help' ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $cmd == serve ]]; then
        # The folder of the reports.
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
    elif [[ $cmd != new ]]; then
        # Reports: .yaml files, and folders to look in.
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur"))
    fi
}
complete -F _carec_report carec-report
